// What a commune asks of a service: its options à la carte (when the service has some) and its forecast units a
// year. The request page and the draft editor ask them alike; a corrected field loses its error.
import { Checkbox, NumberInput, Stack } from '@mantine/core';
import { type Dispatch, type SetStateAction } from 'react';
import { type Service } from '../api';
import { type PlacedErrors } from './errors';

export function OptionsAndUnits({
  service,
  options,
  setOptions,
  units,
  setUnits,
  errors,
  setErrors,
  hints = {},
}: {
  service: Pick<Service, 'options' | 'unitLabelPlural'>;
  options: string[];
  setOptions: (options: string[]) => void;
  units: number | string;
  setUnits: (units: number | string) => void;
  errors: PlacedErrors | null;
  setErrors: Dispatch<SetStateAction<PlacedErrors | null>>;
  /** The descriptions under the fields, if any. */
  hints?: { options?: string; units?: string };
}) {
  const clear = (field: 'options' | 'forecastUnits') => setErrors((old) => (old ? { ...old, fields: { ...old.fields, [field]: '' } } : old));
  return (
    <>
      {service.options.length > 0 && (
        <Checkbox.Group
          label="Options à la carte"
          description={hints.options}
          value={options}
          onChange={(value) => {
            setOptions(value);
            clear('options');
          }}
          error={errors?.fields.options || undefined}
        >
          <Stack gap="xs" mt="xs">
            {service.options.map((option) => (
              <Checkbox key={option.code} value={option.code} label={option.label} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      <NumberInput
        label={`Unités prévues par an (${service.unitLabelPlural})`}
        description={hints.units}
        required
        min={0}
        decimalScale={4}
        decimalSeparator=","
        thousandSeparator=" "
        value={units}
        onChange={(value) => {
          setUnits(value);
          clear('forecastUnits');
        }}
        error={errors?.fields.forecastUnits || undefined}
      />
    </>
  );
}
