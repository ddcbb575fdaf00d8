// The money of one convention in one calendar year, as every screen, report, PDF and export shows it: the
// one money model of libs/domain (year-money.ts) fed with the convention's terms and coverage, the year's
// applicable unit cost, the member's share for a service financed by keys, and the units recorded.
import { anniversary, applicableUnitCost, yearMoney, yearsCovered, type CivilDate, type ForecastSegment, type Coverage, type CostRevision, type Periodicity, type YearMoney } from '#domain';
import { conventionCoverage, paymentTerms, type AdhesionContext, type PersistedAdhesionState } from '#workflow';
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

/** The forecast of each contract year from its first day (absent in the snapshots written before: undefined). */
function forecastSegments(context: AdhesionContext): ForecastSegment[] | undefined {
  if (!context.startDate || !context.forecastByYear) return undefined;
  const start = context.startDate;
  return Object.entries(context.forecastByYear)
    .map(([year, units]) => ({ from: anniversary(start, Number(year) - 1), units }))
    .sort((a, b) => (a.from < b.from ? -1 : 1));
}

/** Pure: the money of the year from what was read. */
export function computeConventionYear(input: ConventionYearInputs): ConventionYear {
  const state = stateOf(input.adhesion);
  const coverage = conventionCoverage(state);
  const { periodicity, costRevision } = paymentTerms(state);
  const terms = state.context.terms;
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
    const conventionCents = terms?.unitCostCents ?? 0;
    const applicable = applicableUnitCost({
      conventionCents,
      revision: costRevision,
      notifiedCents: notifiedAt !== null ? (input.cost?.unitCostCents ?? null) : null,
    });
    unitCostCents = applicable.unitCostCents;
    unitCostSource = applicable.source;
    money = yearMoney({
      year: input.year,
      coverage: coverage ?? none,
      periodicity,
      basis: { model: 'unit', unitCostCents, forecastUnits, forecastSegments: forecastSegments(state.context) },
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
