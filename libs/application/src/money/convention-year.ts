// The money of one convention in one calendar year, as every screen, report, PDF and export shows it: the
// one money model of libs/domain (year-money.ts) fed with the convention's terms and coverage, the year's
// applicable unit cost, the member's share for a service financed by keys, and the units recorded.
import { addDays, anniversary, applicableUnitCost, compareCivil, yearMoney, yearsCovered, type CivilDate, type Coverage, type CostRevision, type Periodicity, type TermsSegment, type YearMoney } from '#domain';
import { changedTermFields, conventionCoverage, paymentTerms, termsHistory, type AdhesionContext, type PersistedAdhesionState, type Terms } from '#workflow';
import { type Adhesion, type Service, type UnitCost, type UsageRecord } from '../ports/records.js';
import { type Repositories } from '../ports/repositories.js';
import { serviceYearCosts } from '../costs/service-costs.js';

/** How long a commune has to contest the units recorded for it, from their recording. */
export const UNITS_CONTEST_DAYS = 30;

export type UnitCostSource = 'notified' | 'convention' | 'convention_provisional' | 'keys';

export interface ConventionYear {
  year: number;
  coverage: Coverage | null;
  periodicity: Periodicity;
  costRevision: CostRevision;
  /** The unit cost that applies (unit model), null for keys. */
  unitCostCents: number | null;
  unitCostSource: UnitCostSource;
  unitCostNotifiedAt: string | null;
  forecastUnits: string;
  /** The member's key (keys model). */
  key: string | null;
  money: YearMoney;
  /** The records of the year, by period. */
  usage: UsageRecord[];
  /** Every period in force has ended and, for the unit model, has its units. */
  final: boolean;
}

export interface ConventionYearInputs {
  adhesion: Adhesion;
  service: Service;
  year: number;
  today: CivilDate;
  /** The year's cost row of the service, if any. */
  cost: UnitCost | null;
  /** The adhesion's records of the year. */
  usage: UsageRecord[];
  /** Keys model: the member's share of the year's total and its key. */
  share: { amountCents: number; key: string | null } | null;
}

const stateOf = (adhesion: Adhesion): Pick<PersistedAdhesionState, 'value' | 'context'> => ({
  value: adhesion.snapshot.value as PersistedAdhesionState['value'],
  context: adhesion.snapshot.context as AdhesionContext,
});

/** The coverage of an adhesion's convention (null before it is signed). */
export const coverageOf = (adhesion: Adhesion): Coverage | null => conventionCoverage(stateOf(adhesion));

/** The calendar years an adhesion's convention touches, up to the current one. */
export function yearsOf(adhesion: Adhesion, today: CivilDate): number[] {
  const coverage = coverageOf(adhesion);
  return coverage ? yearsCovered(coverage, Number(today.slice(0, 4))) : [];
}

const last = <T extends { from: CivilDate }>(list: readonly T[], day: CivilDate): T | undefined => list.filter((x) => compareCivil(x.from, day) <= 0).at(-1);

/**
 * The terms in force on each day, from the convention's start (undefined where the terms alone give them: no
 * avenant applied, no forecast per contract year in the snapshots written before). The forecast units: each
 * contract year's (`forecastByYear`) until an avenant changes them, from its day to the next contract year; the
 * unit cost: that of the terms in force, under their cost revision, with the year's notified cost.
 */
function termsSegments(context: AdhesionContext, notifiedCents: number | null): TermsSegment[] | undefined {
  if (!context.startDate || !context.terms || (!context.forecastByYear && !context.amendments?.length)) return undefined;
  const start = context.startDate;
  const history = termsHistory(context);
  const forecasts = [
    ...Object.entries(context.forecastByYear ?? {}).map(([year, units]) => ({ from: anniversary(start, Number(year) - 1), units, amendment: false })),
    ...(context.amendments ?? [])
      .filter((a) => a.previousTerms && changedTermFields(a.previousTerms, a.terms).includes('forecastUnits'))
      .map((a) => ({ from: a.appliedOn, units: a.terms.forecastUnits, amendment: true })),
  ].sort((a, b) => compareCivil(a.from, b.from) || Number(a.amendment) - Number(b.amendment));
  const days = [...new Set([...history.map((h) => h.from), ...forecasts.map((f) => f.from)])].sort((a, b) => compareCivil(a, b));
  return days.map((from) => {
    const terms = last(history, from)?.terms ?? history[0].terms;
    const units = context.forecastByYear ? (last(forecasts, from)?.units ?? terms.forecastUnits) : terms.forecastUnits;
    return { from, units, unitCostCents: unitCostOf(terms, terms.costRevision ?? 'yearly', notifiedCents).unitCostCents };
  });
}

/** The unit cost that applies under some terms, with the year's notified cost. */
const unitCostOf = (terms: Terms | null, revision: CostRevision, notifiedCents: number | null) =>
  applicableUnitCost({ conventionCents: terms?.unitCostCents ?? 0, revision, notifiedCents });

/** The terms in force on the last day of `year` the convention is in force (or of the year): the year's cost. */
function yearEndTerms(context: AdhesionContext, coverage: Coverage | null, year: number): Terms | null {
  const yearEnd = `${year}-12-31`;
  const lastDay = coverage?.until && compareCivil(coverage.until, yearEnd) <= 0 ? addDays(coverage.until, -1) : yearEnd;
  const history = termsHistory(context);
  return (last(history, lastDay) ?? history[0])?.terms ?? context.terms;
}

/** Pure: the money of the year from what was read. */
export function computeConventionYear(input: ConventionYearInputs): ConventionYear {
  const state = stateOf(input.adhesion);
  const coverage = conventionCoverage(state);
  const { periodicity } = paymentTerms(state);
  // The year's unit cost and revision: those in force at its end (an avenant may have changed them since).
  const terms = yearEndTerms(state.context, coverage, input.year);
  const costRevision: CostRevision = terms?.costRevision ?? paymentTerms(state).costRevision;
  const forecastUnits = String(terms?.forecastUnits ?? input.adhesion.forecastUnits);
  const notifiedAt = input.cost?.notifiedAt ?? null;
  const byPeriod = new Map(input.usage.filter((u) => u.year === input.year).map((u) => [u.period, u]));
  const actualUnits = [1, 2, 3, 4].map((p) => byPeriod.get(p)?.units ?? null);
  const none: Coverage = { from: `${input.year + 1}-01-01`, until: `${input.year + 1}-01-01` };

  let unitCostCents: number | null = null;
  let unitCostSource: UnitCostSource = 'keys';
  let money: YearMoney;
  if (input.service.costModel === 'keys') {
    money = yearMoney({
      year: input.year,
      coverage: coverage ?? none,
      periodicity,
      basis: { model: 'keys', fullYearShareCents: input.share?.amountCents ?? 0 },
      actualUnits: [],
      asOf: input.today,
    });
  } else {
    const notifiedCents = notifiedAt !== null ? (input.cost?.unitCostCents ?? null) : null;
    const applicable = unitCostOf(terms, costRevision, notifiedCents);
    unitCostCents = applicable.unitCostCents;
    unitCostSource = applicable.source;
    money = yearMoney({
      year: input.year,
      coverage: coverage ?? none,
      periodicity,
      basis: { model: 'unit', unitCostCents, forecastUnits, segments: termsSegments(state.context, notifiedCents) },
      actualUnits,
      asOf: input.today,
    });
  }
  return {
    year: input.year,
    coverage,
    periodicity,
    costRevision,
    unitCostCents,
    unitCostSource,
    unitCostNotifiedAt: notifiedAt,
    forecastUnits,
    key: input.share?.key ?? null,
    money,
    usage: [...byPeriod.values()].sort((a, b) => a.period - b.period),
    final: money.periods.length > 0 && money.periods.every((p) => p.closed) && money.actualCents !== null,
  };
}

/** Reads what the money of one adhesion's year needs, and computes it. */
export async function conventionYear(r: Repositories, adhesion: Adhesion, service: Service, year: number, today: CivilDate): Promise<ConventionYear> {
  const [cost, usage, share] = await Promise.all([
    r.catalogue.unitCost(service.epciSiren, service.code, year),
    r.usage.ofAdhesion(adhesion.id, year),
    service.costModel === 'keys' ? serviceYearCosts(r, service, year, adhesion.id) : null,
  ]);
  const member = share?.members.find((m) => m.adhesionId === adhesion.id) ?? null;
  return computeConventionYear({
    adhesion,
    service,
    year,
    today,
    cost,
    usage,
    share: member ? { amountCents: member.amountCents, key: member.key } : null,
  });
}
