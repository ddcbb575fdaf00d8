// The files attached to an adhesion (GET /api/adhesions/:id/attachments) with their download links, and the form
// that attaches one: its kind, and for a deliberation its council, number, date and date of transmission to the
// prefecture. The server judges the file by its bytes and checks every field; its French messages come back next
// to the fields they concern. Only the two parties of the adhesion see this section (the API answers 404 to others).
import { Alert, Anchor, Button, Card, FileInput, Group, List, NativeSelect, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDownload, IconPaperclip } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { api, ApiError, type Attachment, type AttachmentKind } from '../api';
import { formatDate, formatInstant, PARTY_LABELS, ROLE_LABELS } from '../format';
import { type PlacedErrors } from './errors';
import { ATTACHMENT_FIELDS, ATTACHMENT_KIND_LABELS_FR, ATTACHMENT_KINDS, ATTACHMENT_MEDIA_TYPES, fileTooLarge, MAX_ATTACHMENT_SIZE_FR, placeAttachmentErrors } from '../lib/attachments';

type Field = (typeof ATTACHMENT_FIELDS)[number];

/** A deliberation's fields, as typed. */
const NO_DELIBERATION = { party: '', number: '', date: '', transmittedOn: '' };
type DeliberationField = keyof typeof NO_DELIBERATION;

function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`
    : `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')} ko`;
}

function describe(a: Attachment): string {
  const d = a.deliberation;
  if (!d) return a.kindLabel;
  return `${a.kindLabel} (${PARTY_LABELS[d.party] ?? d.party}) n° ${d.number} du ${formatDate(d.date)}, transmise en préfecture le ${formatDate(d.transmittedOn)}`;
}

function AttachmentList({ items }: { items: Attachment[] }) {
  if (items.length === 0) return <Text c="dimmed">Aucune pièce jointe pour l’instant.</Text>;
  return (
    <List spacing="sm" listStyleType="none" withPadding={false}>
      {items.map((a) => (
        <List.Item key={a.id}>
          <Stack gap={2}>
            <Anchor href={a.downloadUrl} download={a.fileName} style={{ overflowWrap: 'anywhere' }}>
              <IconDownload size={16} aria-hidden="true" /> {a.fileName}
            </Anchor>
            <Text size="sm">{describe(a)}</Text>
            <Text size="xs" c="dimmed">
              {size(a.byteSize)} · étape « {a.stepLabel} » · déposé le {formatInstant(a.uploadedAt)} par {a.uploadedBy.name ?? '—'} (
              {ROLE_LABELS[a.uploadedBy.role as keyof typeof ROLE_LABELS] ?? a.uploadedBy.role})
            </Text>
          </Stack>
        </List.Item>
      ))}
    </List>
  );
}

function UploadForm({ adhesionId, today, onDone }: { adhesionId: string; today: string; onDone: (a: Attachment) => void }) {
  const [kind, setKind] = useState<AttachmentKind>('deliberation');
  const [file, setFile] = useState<File | null>(null);
  const [values, setValues] = useState(NO_DELIBERATION);
  const [errors, setErrors] = useState<PlacedErrors | null>(null);
  const [sending, setSending] = useState(false);
  const deliberation = kind === 'deliberation';

  const clear = (field: Field) =>
    setErrors((old) => {
      if (!old) return old;
      const fields = { ...old.fields };
      delete fields[field];
      return { ...old, fields };
    });
  /** A deliberation's field changed: its value kept, its error cleared. */
  const change = (field: DeliberationField, value: string) => {
    setValues((old) => ({ ...old, [field]: value }));
    clear(field);
  };
  /** A required text field of the deliberation: its value, its error, its change. */
  const input = (field: Exclude<DeliberationField, 'party'>) => ({
    name: field,
    required: true,
    value: values[field],
    error: errors?.fields[field],
    onChange: (e: ChangeEvent<HTMLInputElement>) => change(field, e.currentTarget.value),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(null);
    // Not worth sending: the server would refuse it after receiving 20 MB.
    const tooLarge = fileTooLarge(file);
    if (tooLarge) return setErrors(tooLarge);
    const form = new FormData();
    form.set('kind', kind);
    if (deliberation) {
      for (const [field, value] of Object.entries(values)) if (value) form.set(field, value);
    }
    if (file) form.set('file', file, file.name);
    setSending(true);
    try {
      onDone(await api.uploadAttachment(adhesionId, form));
      setFile(null);
      setValues((old) => ({ ...NO_DELIBERATION, party: old.party }));
    } catch (error) {
      setErrors(placeAttachmentErrors(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Joindre un fichier">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Joindre un fichier
        </Title>
        {errors?.general && (
          <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden="true" />} title="Le fichier n’a pas été joint">
            {errors.general}
          </Alert>
        )}
        <NativeSelect
          label="Type de pièce"
          name="kind"
          required
          value={kind}
          error={errors?.fields.kind}
          data={ATTACHMENT_KINDS.map((k) => ({ value: k, label: ATTACHMENT_KIND_LABELS_FR[k] }))}
          onChange={(e) => {
            setKind(e.currentTarget.value as AttachmentKind);
            clear('kind');
          }}
        />
        {deliberation && (
          <>
            <Radio.Group
              label="Conseil qui a délibéré"
              name="party"
              required
              value={values.party}
              error={errors?.fields.party}
              onChange={(v) => change('party', v)}
            >
              <Group mt="xs">
                <Radio value="commune" label="Conseil municipal" />
                <Radio value="epci" label="Conseil de l’EPCI" />
              </Group>
            </Radio.Group>
            <TextInput label="Numéro de la délibération" maxLength={100} {...input('number')} />
            <TextInput label="Date de la délibération" type="date" max={today} {...input('date')} />
            <TextInput
              label="Date de transmission en préfecture"
              description="Au contrôle de légalité : au plus tôt le jour de la délibération."
              type="date"
              min={values.date || undefined}
              max={today}
              {...input('transmittedOn')}
            />
          </>
        )}
        <FileInput
          label="Fichier"
          description={`PDF, ou scan en JPEG ou PNG ; ${MAX_ATTACHMENT_SIZE_FR} au plus.`}
          name="file"
          required
          clearable
          accept={ATTACHMENT_MEDIA_TYPES.join(',')}
          placeholder="Choisir un fichier"
          leftSection={<IconPaperclip size={16} aria-hidden="true" />}
          value={file}
          error={errors?.fields.file}
          onChange={(f) => {
            setFile(f);
            clear('file');
          }}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={sending}>
            Joindre le fichier
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The section of the adhesion page; nothing at all for someone who is not a party of the adhesion. */
export function Attachments({ adhesionId, today }: { adhesionId: string; today: string }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['adhesion', adhesionId, 'attachments'], queryFn: () => api.attachments(adhesionId), retry: false });
  if (list.isError && list.error instanceof ApiError && list.error.status === 404) return null;
  return (
    <Card withBorder component="section" aria-labelledby="attachments-heading">
      <Title order={2} size="h3" id="attachments-heading" mb="sm">
        Pièces jointes
      </Title>
      <Stack>
        {list.isPending ? (
          <Text c="dimmed">Chargement…</Text>
        ) : list.isError ? (
          <Text c="red.9">{list.error.message}</Text>
        ) : (
          <AttachmentList items={list.data} />
        )}
        <UploadForm
          adhesionId={adhesionId}
          today={today}
          onDone={(attachment) => {
            void queryClient.invalidateQueries({ queryKey: ['adhesion', adhesionId, 'attachments'] });
            void queryClient.invalidateQueries({ queryKey: ['adhesion', adhesionId, 'history'] });
            notifications.show({ color: 'teal.9', title: 'Fichier joint', message: attachment.fileName });
          }}
        />
      </Stack>
    </Card>
  );
}
