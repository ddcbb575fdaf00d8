// French formatting: money (integer cents), units, civil dates and instants in Europe/Paris.
import type { Role } from './api';

export const TIME_ZONE = 'Europe/Paris';

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const decimals = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 4 });
const percent = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const longDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'UTC' });
const instantFmt = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE });
const instantDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: TIME_ZONE });
const isoDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE });

/** 729000 → « 7 290,00 € ». Money is integer cents everywhere; only display divides. */
export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  return euros.format(cents / 100);
}

export function formatUnits(units: number | null | undefined): string {
  if (units === null || units === undefined) return '—';
  return decimals.format(units);
}

export function formatPercent(value: number): string {
  return `${percent.format(value)} %`;
}

/** French writes the first day of a month « 1er » (« 1er mars 2027 »), which Intl does not. */
const firstOfMonth = (text: string): string => text.replace(/^1 /, '1er ');

/** A civil date `YYYY-MM-DD` → « 5 janvier 2026 », « 1er mars 2027 » (no time zone shift: it is a day, not an instant). */
export function formatDate(civil: string | null | undefined, style: 'long' | 'short' = 'long'): string {
  if (!civil) return '—';
  const date = new Date(`${civil.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return civil;
  return style === 'long' ? firstOfMonth(longDate.format(date)) : shortDate.format(date);
}

/** An instant (ISO-8601) → « 5 janvier 2026 à 10:00 », in Paris. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : firstOfMonth(instantFmt.format(date));
}

/** The Paris day of an instant, in words: deadlines are stored as Paris midnight of their day. */
export function formatInstantDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : firstOfMonth(instantDate.format(date));
}

/** The Paris civil date `YYYY-MM-DD` of an instant. */
export function parisDay(instant: Date | string): string {
  return isoDay.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/**
 * The yearly amount, computed as the server does: unit cost × units, rounded once to the cent, half up.
 * Units have at most 4 decimals, so BigInt keeps it exact.
 */
export function estimateCents(unitCostCents: number, units: number): number | null {
  if (!Number.isFinite(units) || units < 0 || !Number.isInteger(unitCostCents)) return null;
  const units4 = BigInt(Math.round(units * 10_000));
  const exact = BigInt(unitCostCents) * units4;
  return Number((exact + 5_000n) / 10_000n);
}

/** Euros typed by a person (number or French text « 180,50 ») → integer cents, or null. */
export function eurosToCents(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value).replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d{0,2})?$/.test(text)) return null;
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return text.startsWith('-') ? -cents : cents;
}

export const ROLE_LABELS: Record<Role | 'system', string> = {
  secretary: 'Secrétaire général(e) de mairie',
  agent: 'Responsable de service commun',
  dgs: 'Directeur général des services',
  admin: 'Administrateur',
  system: 'Échéancier automatique',
};

export const PARTY_LABELS: Record<string, string> = { commune: 'Commune', epci: 'EPCI' };

/**
 * « de Trélazé », « d’Avrillé », « des Ponts-de-Cé », « du Plessis-Grammoire »: French elides « de » before a vowel
 * and contracts it with the article of a name, as the documents' ofPlace does (the web cannot import libs/documents).
 */
export function deName(name: string): string {
  if (/^Le /.test(name)) return `du ${name.slice(3)}`;
  if (/^Les /.test(name)) return `des ${name.slice(4)}`;
  return /^[aeiouyàâäéèêëîïôöùûüœ]/i.test(name) ? `d’${name}` : `de ${name}`;
}
