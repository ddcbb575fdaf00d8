// One action on an adhesion: a modal form built from the action's `fields` (GET /api/adhesions/:id gives
// them), sent as POST /api/adhesions/:id/events with If-Match. The server checks everything; its French
// messages come back next to the fields they concern (a 400's and a 422's issues alike). A date field carries
// the min and max of the rules of the legal chain (`dateBounds`).
import { Alert, Button, Checkbox, Fieldset, Group, Modal, NumberInput, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, type Adhesion, type AllowedAction, type EventField } from '../api';
import { buildPayload, formKeys, initialValues, TERMS_FIELDS, type FormValues, type Value } from '../lib/payload';
import { placeErrors, type PlacedErrors } from './errors';

function FieldInput({
  field,
  name,
  value,
  error,
  bounds,
  autoFocus = false,
  onChange,
}: {
  field: EventField;
  name: string;
  value: Value;
  error?: string;
  /** A date's earliest and latest day by the rules of the legal chain (the server's `dateBounds`). */
  bounds?: { min?: string; max?: string };
  /** The modal puts the focus here when it opens (Mantine's `data-autofocus`). */
  autoFocus?: boolean;
  onChange: (v: Value) => void;
}) {
  const common = { label: field.label, required: field.required, error, name, ...(autoFocus ? { 'data-autofocus': true } : {}) };
  switch (field.type) {
    case 'longtext':
      return <Textarea {...common} autosize minRows={3} maxRows={10} value={String(value)} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'date':
      return <TextInput {...common} type="date" min={bounds?.min} max={bounds?.max} value={String(value)} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'integer':
      return <NumberInput {...common} allowDecimal={false} thousandSeparator=" " value={value as number | string} onChange={onChange} />;
    case 'decimal':
      return <NumberInput {...common} decimalScale={4} decimalSeparator="," thousandSeparator=" " value={value as number | string} onChange={onChange} />;
    case 'cents':
      return (
        <NumberInput
          {...common}
          label={`${field.label} (€)`}
          description="En euros, deux décimales au plus"
          min={0}
          decimalScale={2}
          decimalSeparator=","
          thousandSeparator=" "
          value={value as number | string}
          onChange={onChange}
        />
      );
    case 'boolean':
      return <Checkbox label={field.label} name={name} checked={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} error={error} />;
    case 'enum':
      return (
        <Radio.Group {...common} value={String(value)} onChange={onChange}>
          <Group mt="xs">
            {field.options?.map((option) => (
              <Radio key={option.value} value={option.value} label={option.label} />
            ))}
          </Group>
        </Radio.Group>
      );
    default:
      return <TextInput {...common} value={String(value)} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

export function EventForm({
  adhesion,
  action,
  today,
  defaults = {},
  intro,
  onClose,
  onDone,
  onStale,
}: {
  adhesion: Adhesion;
  action: AllowedAction;
  today: string;
  defaults?: FormValues;
  intro?: ReactNode;
  onClose: () => void;
  onDone: (next: Adhesion) => void;
  /** The adhesion changed meanwhile (409): reload it. */
  onStale: () => void;
}) {
  const [values, setValues] = useState<FormValues>(() => initialValues(action.fields, today, defaults));
  const [errors, setErrors] = useState<PlacedErrors | null>(null);
  const [sending, setSending] = useState(false);
  const keys = formKeys(action.fields);

  const set = (key: string) => (value: Value) => {
    setValues((old) => ({ ...old, [key]: value }));
    // A corrected field loses its error (and so does its group: `terms` for `terms.unitCostCents`).
    setErrors((old) => {
      if (!old) return old;
      const fields = { ...old.fields };
      delete fields[key];
      delete fields[key.split('.')[0]];
      return { ...old, fields };
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(null);
    setSending(true);
    try {
      const next = await api.sendEvent(adhesion.id, adhesion.version, { type: action.type, ...buildPayload(action.fields, values) });
      onDone(next);
    } catch (error) {
      setErrors(placeErrors(error, keys));
    } finally {
      setSending(false);
    }
  };

  const stale = errors?.code === 'stale_version' || errors?.code === 'transition_not_allowed';

  return (
    <Modal opened onClose={onClose} title={action.label} size="lg" closeButtonProps={{ 'aria-label': 'Fermer' }}>
      <form onSubmit={submit} noValidate aria-label={action.label}>
        <Stack>
          {intro}
          {errors?.general && (
            <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden="true" />} title="L’action n’a pas été enregistrée">
              <Stack gap="xs">
                <Text size="sm">{errors.general}</Text>
                {stale && (
                  <Group>
                    <Button size="xs" variant="outline" color="red.9" onClick={onStale}>
                      Recharger le dossier
                    </Button>
                  </Group>
                )}
              </Stack>
            </Alert>
          )}
          {action.fields.length === 0 && !intro && <Text>Confirmez-vous cette action ?</Text>}
          {action.fields.map((field) =>
            field.type === 'terms' ? (
              <Fieldset key={field.name} legend={field.label}>
                <Stack>
                  {errors?.fields[field.name] && (
                    <Text c="red.9" size="sm" role="alert">
                      {errors.fields[field.name]}
                    </Text>
                  )}
                  {TERMS_FIELDS.map((sub) => {
                    const key = `${field.name}.${sub.name}`;
                    return <FieldInput key={key} field={sub} name={key} value={values[key]} error={errors?.fields[key]} onChange={set(key)} />;
                  })}
                </Stack>
              </Fieldset>
            ) : (
              <FieldInput
                key={field.name}
                field={field}
                name={field.name}
                value={values[field.name]}
                error={errors?.fields[field.name]}
                bounds={action.dateBounds[field.name]}
                autoFocus={field === action.fields[0]}
                onChange={set(field.name)}
              />
            ),
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={sending} {...(action.fields.length === 0 ? { 'data-autofocus': true } : {})}>
              {action.label}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
