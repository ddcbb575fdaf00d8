// The money of one convention in one calendar year (CGCT D5211-16), computed in one place: every screen,
// report, PDF and export reads it from here. Pure and exact: amounts are integer cents, units decimal
// strings, each amount rounded once (half up) from its exact rational value.
//
//   forecast   = unit cost × forecast units × days in force / days in the year   (pro rata temporis), each day
//                at the unit cost and forecast in force on it (an avenant changes them from its day, a renewal
//                the forecast from the contract year's first day)
//   instalments: the forecast split over the periods of the year (yearly, half-yearly, quarterly) by their
//                share of it, so that they sum exactly to the forecast
//   actual     = Σ units recorded for each period in force × its unit cost (units are used, not pro-rated;
//                a period whose cost changed within it counts at the average of its days' costs)
//   balance    = actual − instalments invoiced: positive, what the commune still owes; negative, a credit
//
// For a service financed by keys, the member's share of the year's total (split over the whole EPCI by
// cost-shares.ts) takes the place of unit cost × units, pro-rated the same way; it has no units to record.
import Big from 'big.js';
import { addDays, compareCivil, daysBetween, type CivilDate } from './civil-date.js';
import { allocateByKeys, type Units } from './money.js';

const Dec = Big();
Dec.strict = false;
const ROUND_HALF_UP = 1;

export const PERIODICITIES = ['yearly', 'half_yearly', 'quarterly'] as const;
/** How often the commune pays: never less than once a year (D5211-16). */
export type Periodicity = (typeof PERIODICITIES)[number];
const PERIODS_PER_YEAR: Readonly<Record<Periodicity, number>> = { yearly: 1, half_yearly: 2, quarterly: 4 };

export const COST_REVISIONS = ['yearly', 'fixed'] as const;
/**
 * Which unit cost applies in a year: `yearly`, the cost the EPCI notifies for that year (until it is notified,
 * the convention's, provisionally); `fixed`, the convention's for its whole term.
 */
export type CostRevision = (typeof COST_REVISIONS)[number];

/** One period of a calendar year: `from` and `to` are its first and last days. */
export interface PeriodSpan {
  period: number;
  from: CivilDate;
  to: CivilDate;
}

/** The periods of `year` for a periodicity, in order: 1 (yearly), 1–2 (half-yearly) or 1–4 (quarterly). */
export function periodsOf(year: number, periodicity: Periodicity): PeriodSpan[] {
  const count = PERIODS_PER_YEAR[periodicity];
  const months = 12 / count;
  return Array.from({ length: count }, (_, i) => {
    const from = `${year}-${String(i * months + 1).padStart(2, '0')}-01`;
    const next = i + 1 === count ? `${year + 1}-01-01` : `${year}-${String((i + 1) * months + 1).padStart(2, '0')}-01`;
    return { period: i + 1, from, to: addDays(next, -1) };
  });
}

export const daysInYear = (year: number): number => daysBetween(`${year}-01-01`, `${year + 1}-01-01`);

/** When a convention is in force: from its start to the first day it no longer is (`until`, exclusive), or on. */
export interface Coverage {
  from: CivilDate;
  until: CivilDate | null;
}

/** The days of [span.from, span.to] on which the convention is in force, and the first and last of them. */
export function coveredSpan(span: { from: CivilDate; to: CivilDate }, coverage: Coverage): { from: CivilDate; to: CivilDate; days: number } | null {
  const from = compareCivil(coverage.from, span.from) > 0 ? coverage.from : span.from;
  const lastInForce = coverage.until === null ? span.to : addDays(coverage.until, -1);
  const to = compareCivil(lastInForce, span.to) < 0 ? lastInForce : span.to;
  if (compareCivil(from, to) > 0) return null;
  return { from, to, days: daysBetween(from, to) + 1 };
}

/** The unit cost that applies in a year, and where it comes from. */
export function applicableUnitCost(input: {
  conventionCents: number;
  revision: CostRevision;
  /** The year's cost, once the EPCI has notified it; null before. */
  notifiedCents: number | null;
}): { unitCostCents: number; source: 'notified' | 'convention' | 'convention_provisional' } {
  if (input.revision === 'fixed') return { unitCostCents: input.conventionCents, source: 'convention' };
  if (input.notifiedCents !== null) return { unitCostCents: input.notifiedCents, source: 'notified' };
  return { unitCostCents: input.conventionCents, source: 'convention_provisional' };
}

/**
 * The terms in force from a day on, until the next segment's first day: the forecast units of a contract year
 * (the convention's, then each renewal's), and the unit cost where an avenant changed it (absent: the basis').
 */
export interface TermsSegment {
  from: CivilDate;
  units: Units;
  unitCostCents?: number;
}

export type YearBasis =
  /**
   * unit cost × units. `segments`, when given, are the terms in force on each day: the days of the year count
   * at the forecast and the unit cost in force on each (a calendar year straddles two contract years; an
   * avenant changes the price from its effective date). The days before the first segment count for nothing.
   */
  | { model: 'unit'; unitCostCents: number; forecastUnits: Units; segments?: readonly TermsSegment[] }
  /** the member's share of the year's total, for a full year */
  | { model: 'keys'; fullYearShareCents: number };

export interface YearMoneyInput {
  year: number;
  coverage: Coverage;
  periodicity: Periodicity;
  basis: YearBasis;
  /** Units recorded per period (index 0 = period 1), null where none is recorded yet. Ignored for keys. */
  actualUnits: ReadonlyArray<Units | null>;
  /** The day the figures are read: the instalments of the periods ended before it are invoiced. */
  asOf: CivilDate;
}

export interface PeriodMoney extends PeriodSpan {
  /** Days in force in the period. */
  days: number;
  instalmentCents: number;
  /** Whether the period has ended by `asOf` (its instalment is then invoiced, its units due). */
  closed: boolean;
  actualUnits: string | null;
}

export interface UnitCostSpan {
  from: CivilDate;
  to: CivilDate;
  unitCostCents: number;
}

export interface YearMoney {
  year: number;
  days: number;
  daysInYear: number;
  /** What a full year would cost on the forecast (before pro rata). */
  fullYearForecastCents: number;
  forecastCents: number;
  /** The periods of the year with at least one day in force. */
  periods: PeriodMoney[];
  /**
   * The unit costs in force over the days in force, in order (one, unless an avenant changed the cost within the
   * year); empty for keys. Their days are those of the forecast; the units of a period they cut are at their
   * average over the period's days.
   */
  unitCosts: UnitCostSpan[];
  /** Σ units recorded, once every period in force has its units; null before. Keys: null. */
  actualUnits: string | null;
  /** The amount due for the year: on the actual units (unit model, once complete), the share (keys). */
  actualCents: number | null;
  invoicedCents: number;
  /** actual − invoiced, once the actual amount is known. */
  balanceCents: number | null;
}

/** Rounds value × numerator / denominator once, half up, to an integer number of cents. */
function roundCents(value: Big, numerator = 1, denominator: number | Big = 1): number {
  const n = Number(value.times(numerator).div(denominator).round(0, ROUND_HALF_UP).toFixed(0));
  if (!Number.isSafeInteger(n)) throw new RangeError(`Amount is too large: ${value.toFixed()}`);
  return n === 0 ? 0 : n;
}

function decimal(units: Units, what: string): Big {
  const text = typeof units === 'number' ? String(units) : units;
  if (!/^\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(text) || (typeof units === 'number' && !Number.isFinite(units))) {
    throw new RangeError(`${what} must be a non-negative decimal, got ${JSON.stringify(units)}`);
  }
  return new Dec(text);
}

/** The money of one convention in one calendar year. */
export function yearMoney(input: YearMoneyInput): YearMoney {
  const total = daysInYear(input.year);
  const spans = periodsOf(input.year, input.periodicity)
    .map((span) => ({ span, covered: coveredSpan(span, input.coverage) }))
    .filter((p): p is { span: PeriodSpan; covered: NonNullable<typeof p.covered> } => p.covered !== null);
  const days = spans.reduce((sum, p) => sum + p.covered.days, 0);

  const full =
    input.basis.model === 'unit'
      ? new Dec(input.basis.unitCostCents).times(decimal(input.basis.forecastUnits, 'Forecast units'))
      : new Dec(input.basis.fullYearShareCents);
  const fullYearForecastCents = roundCents(full);
  // Each period's weight: the money of its days in force, each day at the terms in force on it (unit model);
  // the forecast is the year's pro rata of the weights, the instalments split it by them. Keys: the days.
  const segments = input.basis.model === 'unit' ? termsOf(input.basis) : null;
  const parts = spans.map((p) => (segments ? segmentParts(p.covered, segments) : []));
  const weights = spans.map((p, i) => (segments ? parts[i].reduce((sum, x) => sum.plus(x.cost.times(x.units).times(x.days)), new Dec(0)) : new Dec(p.covered.days)));
  const weight = weights.reduce((sum, w) => sum.plus(w), new Dec(0));
  const forecastCents = segments ? roundCents(weight, 1, total) : roundCents(full, days, total);
  const instalments = weight.eq(0) || forecastCents === 0 ? spans.map(() => 0) : allocateByKeys(forecastCents, weights.map((w) => w.toFixed()));

  const periods: PeriodMoney[] = spans.map(({ span, covered }, i) => {
    const recorded = input.basis.model === 'unit' ? (input.actualUnits[span.period - 1] ?? null) : null;
    return {
      period: span.period,
      from: covered.from,
      to: covered.to,
      days: covered.days,
      instalmentCents: instalments[i],
      closed: compareCivil(span.to, input.asOf) < 0,
      actualUnits: recorded === null ? null : decimal(recorded, `Units of period ${span.period}`).toFixed(),
    };
  });
  const invoicedCents = periods.filter((p) => p.closed).reduce((sum, p) => sum + p.instalmentCents, 0);

  let actualUnits: string | null = null;
  let actualCents: number | null = null;
  if (input.basis.model === 'keys') {
    actualCents = forecastCents;
  } else if (periods.every((p) => p.actualUnits !== null)) {
    const sum = periods.reduce((acc, p) => acc.plus(new Dec(p.actualUnits!)), new Dec(0));
    actualUnits = sum.toFixed();
    // Each period's units at its unit cost: where the cost changed within the period, the average of the costs
    // in force over its days. Summed over the product of the periods' days, so that it is rounded once, exactly.
    const denominator = periods.reduce((acc, p) => acc.times(p.days), new Dec(1));
    const numerator = periods.reduce((acc, p, i) => {
      const cost = segmentParts(spans[i].covered, segments!, true).reduce((c, x) => c.plus(x.cost.times(x.days)), new Dec(0));
      return acc.plus(new Dec(p.actualUnits!).times(cost).times(denominator.div(p.days)));
    }, new Dec(0));
    actualCents = roundCents(numerator, 1, denominator);
  }
  return {
    year: input.year,
    days,
    daysInYear: total,
    fullYearForecastCents,
    forecastCents,
    periods,
    unitCosts: segments && spans.length ? unitCostSpans({ from: spans[0].covered.from, to: spans.at(-1)!.covered.to }, segments) : [],
    actualUnits,
    actualCents,
    invoicedCents,
    balanceCents: actualCents === null ? null : actualCents - invoicedCents,
  };
}

/** A segment of the terms, from its first day (null: unbounded) to the next one's (`until`, exclusive). */
interface Terms {
  from: CivilDate | null;
  until: CivilDate | null;
  cost: Big;
  units: Big;
}

interface TermsPart {
  cost: Big;
  units: Big;
  days: number;
}

/** The terms of a unit basis as sorted segments, each with its unit cost (the basis' where a segment has none). */
function termsOf(basis: Extract<YearBasis, { model: 'unit' }>): Terms[] {
  if (!basis.segments?.length) return [{ from: null, until: null, cost: new Dec(basis.unitCostCents), units: decimal(basis.forecastUnits, 'Forecast units') }];
  const given = [...basis.segments].sort((a, b) => compareCivil(a.from, b.from));
  return given.map((segment, i) => ({
    from: segment.from,
    until: given[i + 1]?.from ?? null,
    cost: new Dec(segment.unitCostCents ?? basis.unitCostCents),
    units: decimal(segment.units, 'Forecast units'),
  }));
}

/**
 * The days of `span` under each segment's terms: none before the first segment, or, `fromStart`, those days
 * under the first segment's terms (a unit cost for units recorded before the forecasts begin).
 */
function segmentParts(span: { from: CivilDate; to: CivilDate }, segments: readonly Terms[], fromStart = false): TermsPart[] {
  return segments.flatMap((segment, i) => {
    const from = segment.from === null || (fromStart && i === 0) ? span.from : segment.from;
    const part = coveredSpan(span, { from, until: segment.until });
    return part ? [{ cost: segment.cost, units: segment.units, days: part.days }] : [];
  });
}

/** The unit costs over `span` (the first segment's from its start), equal neighbours merged. */
function unitCostSpans(span: { from: CivilDate; to: CivilDate }, segments: readonly Terms[]): UnitCostSpan[] {
  const spans: UnitCostSpan[] = [];
  segments.forEach((segment, i) => {
    const part = coveredSpan(span, { from: segment.from === null || i === 0 ? span.from : segment.from, until: segment.until });
    if (!part) return;
    const cents = Number(segment.cost.toFixed());
    const last = spans.at(-1);
    if (last && last.unitCostCents === cents) last.to = part.to;
    else spans.push({ from: part.from, to: part.to, unitCostCents: cents });
  });
  return spans;
}

/** The calendar years a coverage touches, up to `lastYear` when it has no end. */
export function yearsCovered(coverage: Coverage, lastYear: number): number[] {
  const first = Number(coverage.from.slice(0, 4));
  const last = coverage.until === null ? lastYear : Number(addDays(coverage.until, -1).slice(0, 4));
  const years: number[] = [];
  for (let y = first; y <= Math.min(last, lastYear); y++) years.push(y);
  return years;
}
