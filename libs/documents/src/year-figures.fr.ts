// The French wording of a convention's year, shared by the annual statement and the unit-cost letter: its
// periods, the unit cost that applies and why, the convention's end, what keeps a statement provisional. Every
// amount comes from the data (YearFiguresData, the application's ConventionYear): nothing is computed here.
import { formatEuros, parisDateOf } from '#domain';
import { type ConventionSpan, type ServiceInfo, type YearFiguresData } from './document-data.js';
import { formatDateFr, keyFr, ordinalFr, PAYMENTS_FR, periodNameFr, quantityFr, spanFr } from './french.js';

export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** '1er semestre 2026', 'année 2026'. */
export const periodName = (figures: YearFiguresData, period: number): string => periodNameFr(figures.periodicity, period, figures.year);

/** 'le 1er semestre 2026', 'l’année 2026'. */
export const thePeriod = (figures: YearFiguresData, period: number): string => `${figures.periodicity === 'yearly' ? 'l’' : 'le '}${periodName(figures, period)}`;

/** « Semestriels, à terme échu ». */
export const paymentsShortFr = (figures: { periodicity: string }): string => `${capitalize(PAYMENTS_FR[figures.periodicity].replace(/^versements /, ''))}, à terme échu`;

/** « du 1er mars au 31 décembre 2026 »: the days of the year the convention is in force. */
export function coveredSpanFr(figures: YearFiguresData): string {
  const { periods } = figures.money;
  return spanFr(periods[0].from, periods[periods.length - 1].to);
}

export const units = (service: ServiceInfo, value: string): string => quantityFr(value, service.unitLabel, service.unitLabelPlural);

/**
 * The unit cost of the year: one, or, where an avenant changed it within the year, each with the days it applied
 * to (« 180,00 € par … du 1er mars au 30 juin 2026 et 300,00 € par … du 1er juillet au 31 décembre 2026 »).
 */
export function unitCostsFr(service: ServiceInfo, figures: YearFiguresData): string {
  const { unitCosts } = figures.money;
  if (unitCosts.length <= 1) return `${formatEuros(figures.unitCostCents!)} par ${service.unitLabel}`;
  return listFr(unitCosts.map((c) => `${formatEuros(c.unitCostCents)} par ${service.unitLabel} ${spanFr(c.from, c.to)}`));
}

/** Where the unit cost of the year comes from, as the statement states it. */
export function unitCostSourceFr(figures: YearFiguresData): string {
  switch (figures.unitCostSource) {
    case 'notified':
      return `coût unitaire notifié le ${formatDateFr(parisDateOf(figures.unitCostNotifiedAt!))}`;
    case 'convention':
      return 'coût unitaire de la convention, fixé pour toute sa durée';
    case 'convention_provisional':
      return `coût de la convention, à titre provisoire : le coût ${figures.year} n’est pas encore notifié`;
    case 'keys':
      return figures.unitCostNotifiedAt ? `coût total notifié le ${formatDateFr(parisDateOf(figures.unitCostNotifiedAt))}` : `le coût total ${figures.year} n’est pas encore notifié`;
  }
}

/** The commune's key of a shared total, in words. */
export const keyOf = (service: ServiceInfo, figures: YearFiguresData): string =>
  figures.key === null ? 'non déterminée' : keyFr(service.keyBasis, figures.key, service.unitLabel, service.unitLabelPlural);

/** The periods in force whose units are not recorded (unit model). */
export function periodsWithoutUnits(service: ServiceInfo, figures: YearFiguresData): number[] {
  if (service.costModel === 'keys') return [];
  return figures.money.periods.filter((p) => p.actualUnits === null).map((p) => p.period);
}

/** « le 1er semestre 2026 et le 2d semestre 2026 ». */
export function listFr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/**
 * Why a statement is not final yet, as sentences: units missing for a period in force, a period not ended, the
 * year's cost not notified. Empty: the statement is final.
 */
export function provisionalReasons(service: ServiceInfo, figures: YearFiguresData): string[] {
  const reasons: string[] = [];
  const missing = periodsWithoutUnits(service, figures);
  if (missing.length > 0) {
    const which = listFr(missing.map((p) => thePeriod(figures, p)));
    reasons.push(`les unités ${missing.length > 1 ? 'des périodes suivantes ne sont pas encore enregistrées' : 'de la période suivante ne sont pas encore enregistrées'} : ${which}`);
  }
  const open = figures.money.periods.filter((p) => !p.closed);
  if (open.length > 0) {
    reasons.push(`${open.length > 1 ? 'des périodes ne sont pas achevées' : 'une période n’est pas achevée'} : ${listFr(open.map((p) => thePeriod(figures, p.period)))}`);
  }
  if (figures.unitCostSource === 'convention_provisional') reasons.push(`le coût unitaire ${figures.year} n’est pas encore notifié : le coût de la convention s’applique à titre provisoire`);
  if (figures.unitCostSource === 'keys' && figures.unitCostNotifiedAt === null) reasons.push(`le coût total ${figures.year} du service n’est pas encore notifié`);
  return reasons;
}

/** The convention's end, past or planned, as a label and a value. */
export function conventionEndFr(c: ConventionSpan): [label: string, value: string] {
  const last = formatDateFr(c.lastDay);
  const notice = c.noticeEffectiveDate ? formatDateFr(c.noticeEffectiveDate) : null;
  switch (c.ending) {
    case 'term':
      return ['Fin prévue', `${last}, au terme de ses trois ans (sous réserve de son renouvellement exprès chaque année)`];
    case 'notice':
      return ['Fin prévue', `${last} : préavis de résiliation prenant effet le ${notice}`];
    case 'renewal_declined':
      return ['Fin prévue', `${last} : non reconduite à sa date anniversaire`];
    case 'terminated':
      return ['Fin', notice ? `${last} : résiliée, avec effet au ${notice}` : `${last} : résiliée`];
    case 'lapsed':
      return ['Fin', `${last} : non reconduite à sa date anniversaire`];
    case 'ended':
      return ['Fin', `${last} : échue au terme de ses trois ans`];
  }
}

/**
 * The contract years a calendar year spans: « l’année civile 2026 relève de la 1re année de la convention »,
 * or, across an anniversary, each with its days.
 */
export function contractYearsFr(year: number, contractYears: Array<{ number: number; from: string; to: string }>): string {
  if (contractYears.length === 1) return `l’année civile ${year} relève de la ${ordinalFr(contractYears[0].number)} année de la convention`;
  const parts = contractYears.map((c) => `la ${ordinalFr(c.number)} ${spanFr(c.from, c.to)}`);
  return `l’année civile ${year} s’étend sur ${contractYears.length === 2 ? 'deux' : contractYears.length} années de la convention : ${listFr(parts)}`;
}

/** The instalments' table: one line per period, then the total. */
export function instalmentRows(figures: YearFiguresData, settled: { done: string; pending: string }, withState: boolean): string[][] {
  const { money } = figures;
  const rows = money.periods.map((p) => [
    `${capitalize(periodName(figures, p.period))} (${spanFr(p.from, p.to)})`,
    String(p.days),
    formatEuros(p.instalmentCents),
    ...(withState ? [p.closed ? settled.done : settled.pending] : []),
  ]);
  rows.push(['Total', String(money.days), formatEuros(money.forecastCents), ...(withState ? [`${settled.done} : ${formatEuros(money.invoicedCents)}`] : [])]);
  return rows;
}
