// The money of a convention's year in words: the periods' names, where the unit cost comes from, the balance,
// the status of a period's units, and the units as people type them (« 12,5 »). The server computes every
// amount; this module only says them.
import type { AdhesionYearMoney, Estimate, PeriodMoney } from '../api';
import { formatCents, formatDate, formatInstantDate, formatUnits } from '../format';

type Periodicity = AdhesionYearMoney['periodicity'];

const PERIOD_NAMES: Record<Periodicity, string[]> = {
  yearly: ['Année'],
  half_yearly: ['1er semestre', '2d semestre'],
  quarterly: ['1er trimestre', '2e trimestre', '3e trimestre', '4e trimestre'],
};

/** 'quarterly', 1, 2027 → « 1er trimestre 2027 »; 'yearly', 1, 2027 → « Année 2027 », as the statement names them. */
export function periodName(periodicity: Periodicity, period: number, year: number): string {
  return `${PERIOD_NAMES[periodicity]?.[period - 1] ?? `Période ${period}`} ${year}`;
}

export const PERIODICITY_LABELS: Record<Periodicity, string> = {
  yearly: 'Versement annuel',
  half_yearly: 'Versements semestriels',
  quarterly: 'Versements trimestriels',
};

export const SETTLEMENT_LABELS: Record<AdhesionYearMoney['settlement'], string> = {
  revenue_title: 'Titre de recettes émis par l’EPCI',
  compensation: 'Imputation sur l’attribution de compensation',
};

/** Where the year's unit cost comes from, in a plain sentence. */
export function unitCostSourceSentence(money: Pick<AdhesionYearMoney, 'unitCostSource' | 'unitCostNotifiedAt' | 'year'>): string {
  switch (money.unitCostSource) {
    case 'notified':
      return money.unitCostNotifiedAt ? `Coût notifié le ${formatInstantDate(money.unitCostNotifiedAt)}.` : 'Coût notifié par l’intercommunalité.';
    case 'convention':
      return 'Coût de la convention, fixe pour toute sa durée.';
    case 'convention_provisional':
      return `Coût de la convention, provisoire : le coût ${money.year} n’est pas encore notifié.`;
    case 'keys':
      return 'Part de la commune dans le coût total du service, réparti par clé.';
  }
}

/** « 292 jours sur 365 » when the convention covers part of the year, else null. */
export function proRataText(days: number | undefined, daysInYear: number | undefined): string | null {
  if (days === undefined || daysInYear === undefined || days >= daysInYear) return null;
  return `${days} ${days > 1 ? 'jours' : 'jour'} sur ${daysInYear}`;
}

/** The balance (amount due − instalments invoiced) in words: what the commune still owes, or was overcharged. */
export function balanceText(balanceCents: number | null): { label: string; amount: string; tone: 'due' | 'refund' | 'settled' | 'unknown' } {
  if (balanceCents === null) return { label: 'Solde', amount: 'connu quand les unités de toutes les périodes seront saisies', tone: 'unknown' };
  if (balanceCents > 0) return { label: 'Reste dû', amount: formatCents(balanceCents), tone: 'due' };
  if (balanceCents < 0) return { label: 'Trop-perçu', amount: formatCents(-balanceCents), tone: 'refund' };
  return { label: 'Soldé', amount: formatCents(0), tone: 'settled' };
}

export type PeriodStatus =
  | { kind: 'upcoming'; text: string }
  | { kind: 'to_record'; text: string }
  | { kind: 'recorded'; text: string }
  | { kind: 'contested'; text: string };

/** « à venir », « à saisir », « saisi le 2 juillet 2027 », « contesté le … ». */
export function periodStatus(period: Pick<PeriodMoney, 'from' | 'usage'>, today: string): PeriodStatus {
  const usage = period.usage;
  if (usage?.contest) return { kind: 'contested', text: `Contesté le ${formatInstantDate(usage.contest.at)}` };
  if (usage) return { kind: 'recorded', text: `Saisi le ${formatInstantDate(usage.recordedAt)}` };
  if (period.from > today) return { kind: 'upcoming', text: `À venir (à partir du ${formatDate(period.from)})` };
  return { kind: 'to_record', text: 'À saisir' };
}

/** The act counts as the statement shows them: « 3 PC, 4 DP ». */
export function actCountsText(actCounts: Record<string, number> | null | undefined): string {
  if (!actCounts) return '';
  return Object.entries(actCounts)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => `${count.toLocaleString('fr-FR')} ${type}`)
    .join(', ');
}

/** A units text of the API ('12.5') in French (« 12,5 »). */
export function unitsText(units: string | null | undefined): string {
  if (units === null || units === undefined) return '—';
  const n = Number(units);
  return Number.isFinite(n) ? formatUnits(n) : units;
}

/**
 * Units as a person types them (« 12,5 », « 1 234,5 ») → the API's text ('12.5'); anything else goes as typed,
 * without its spaces, so that the server answers in French beside the field.
 */
export function unitsForApi(typed: string | number): string {
  if (typeof typed === 'number') return String(typed);
  return typed.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
}

/** An act count typed in a number field: a number, or the text as typed (the server explains what is wrong). */
export function countForApi(typed: string | number): number | string | undefined {
  if (typed === '' || typed === undefined) return undefined;
  if (typeof typed === 'number') return typed;
  const n = Number(typed.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : typed;
}

/** A weight '1.2' → « 1,2 ». */
export function weightText(weight: string): string {
  return unitsText(weight);
}

/** The estimate's formula, so that it never contradicts the pro rata: « 185,00 € × 42 équivalents permis × 292/365 jours ». */
export function estimateFormula(estimate: Estimate): string | null {
  if (!estimate.available) return null;
  const proRata = estimate.days !== undefined && estimate.daysInYear !== undefined && estimate.days < estimate.daysInYear ? ` × ${estimate.days}/${estimate.daysInYear} jours` : '';
  if ('unitCostCents' in estimate && estimate.unitCostCents !== null) {
    return `${formatCents(estimate.unitCostCents)} × ${formatUnits(estimate.forecastUnits)} ${estimate.unitLabelPlural}${proRata}`;
  }
  return proRata ? `part de la commune dans le coût partagé, ${estimate.days} jours sur ${estimate.daysInYear}` : 'part de la commune dans le coût partagé';
}
