// Event forms as data: the initial values of an action's fields, and the payload the API wants from what
// people typed (euros → cents, French decimals → numbers, empty → left out so that the server says « required »).
import type { EventField } from '../api';
import { eurosToCents } from '../format';

export type Value = string | number | boolean | string[];
export type FormValues = Record<string, Value>;

/** The sub-fields of a `terms` field (an amendment's new conditions). */
export const TERMS_FIELDS: EventField[] = [
  { name: 'unitCostCents', type: 'cents', required: true, label: 'Coût unitaire de fonctionnement' },
  { name: 'forecastUnits', type: 'decimal', required: true, label: 'Unités prévisionnelles par an' },
  { name: 'description', type: 'longtext', required: true, label: 'Description des nouvelles conditions' },
];

/** Flat form keys: `answer`, or `terms.unitCostCents` for a nested one. */
export function formKeys(fields: readonly EventField[]): string[] {
  return fields.flatMap((f) => (f.type === 'terms' ? [f.name, ...TERMS_FIELDS.map((t) => `${f.name}.${t.name}`)] : [f.name]));
}

function initialValue(field: EventField, today: string): Value {
  if (field.type === 'boolean') return false;
  if (field.type === 'options') return [];
  if (field.type === 'date' && field.name === 'date') return today;
  return '';
}

export function initialValues(fields: readonly EventField[], today: string, defaults: FormValues): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    if (field.type === 'terms') {
      for (const sub of TERMS_FIELDS) values[`${field.name}.${sub.name}`] = defaults[`${field.name}.${sub.name}`] ?? initialValue(sub, today);
    } else {
      values[field.name] = defaults[field.name] ?? initialValue(field, today);
    }
  }
  return values;
}

/** A form value as the API wants it: cents from euros, numbers from decimals; an empty value is left out. */
function toPayloadValue(field: EventField, value: Value): unknown {
  if (value === '' || value === undefined) return undefined;
  switch (field.type) {
    case 'boolean':
      return Boolean(value);
    case 'cents': {
      const cents = eurosToCents(value as string | number);
      return cents === null ? value : cents;
    }
    case 'integer':
    case 'decimal': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
      return Number.isFinite(n) ? n : value;
    }
    case 'text':
    case 'longtext':
      return String(value).trim() === '' ? undefined : String(value).trim();
    default:
      return value;
  }
}

/**
 * `initial`: the values the form opened with. A list of options left as it was is left out (an avenant that
 * does not change the scope); the other fields are sent as typed.
 */
export function buildPayload(fields: readonly EventField[], values: FormValues, initial: FormValues = {}): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.type === 'options') {
      const list = (values[field.name] as string[] | undefined) ?? [];
      const before = (initial[field.name] as string[] | undefined) ?? [];
      if ([...list].sort().join(',') !== [...before].sort().join(',')) payload[field.name] = list;
      continue;
    }
    if (field.type === 'terms') {
      const terms: Record<string, unknown> = {};
      for (const sub of TERMS_FIELDS) {
        const v = toPayloadValue(sub, values[`${field.name}.${sub.name}`]);
        if (v !== undefined) terms[sub.name] = v;
      }
      payload[field.name] = terms;
      continue;
    }
    const v = toPayloadValue(field, values[field.name]);
    if (v !== undefined) payload[field.name] = v;
  }
  return payload;
}
