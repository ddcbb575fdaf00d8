// What each screen, report and export reads of the money: one adhesion's year, its units and their trail, and
// the statements of an EPCI's year. All of it goes through convention-year.ts, so that the page, the report,
// the members view, the PDF and the exports agree to the cent on the same data.
import { Injectable } from '@nestjs/common';
import { moneyYearQuery, statementsQuery, type AdhesionUsage, type AdhesionYearMoney, type StatementRow, type YearStatements } from '#contracts';
import { parisDateOf, type CivilDate } from '#domain';
import { NotFound } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { Scope } from '../common/scope.js';
import { parseOrThrow } from '../common/validation.js';
import { epciOf } from '../catalogue/epci-of.js';
import { serviceYearCosts } from '../costs/service-costs.js';
import { type AdhesionRecord, type Service } from '../ports/records.js';
import { type Repositories, UnitOfWork } from '../ports/repositories.js';
import { computeConventionYear, conventionYear, yearsOf, type ConventionYear } from './convention-year.js';
import { stateLabelOn } from '../adhesions/state-label.js';
import { toUsageResponse } from './usage-response.js';

/** One statement of an EPCI's year: an adhesion, its names and the money of its year. */
export interface Statement {
  row: StatementRow;
  year: ConventionYear;
}

@Injectable()
export class MoneyQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  private today(): CivilDate {
    return parisDateOf(this.clock.now());
  }

  private async visible(r: Repositories, actor: Actor, id: string): Promise<AdhesionRecord> {
    const record = await r.adhesions.get(id);
    if (!record || !Scope.of(actor).includes({ communeInsee: record.adhesion.communeInsee, epciSiren: record.adhesion.epciSiren, servicePole: record.service.pole })) {
      throw new NotFound('Adhesion not found', { id });
    }
    return record;
  }

  /** The money of one adhesion's year (this year by default). */
  async year(actor: Actor, id: string, query: unknown): Promise<AdhesionYearMoney> {
    const q = parseOrThrow(moneyYearQuery, query);
    const today = this.today();
    const year = q.year ?? Number(today.slice(0, 4));
    return this.uow.read(async (r) => {
      const { adhesion, service } = await this.visible(r, actor, id);
      return toYearMoneyResponse(id, service, await conventionYear(r, adhesion, service, year, today), yearsOf(adhesion, today));
    });
  }

  /** An adhesion's recorded units and the trail of their changes. */
  async usage(actor: Actor, id: string): Promise<AdhesionUsage> {
    return this.uow.read(async (r) => {
      await this.visible(r, actor, id);
      const [records, audit] = await Promise.all([r.usage.ofAdhesion(id), r.usage.audit(id)]);
      return {
        records: records.map(toUsageResponse),
        audit: audit.map(({ action, year, period, units, actCounts, comment, actorId, role, at }) => ({ action, year, period, units, actCounts, comment, actorId, role, at })),
      };
    });
  }

  /** The statements of an EPCI's year, in the caller's scope, optionally of one service or one commune. */
  async statements(actor: Actor, query: unknown): Promise<YearStatements> {
    const q = parseOrThrow(statementsQuery, query);
    const today = this.today();
    const year = q.year ?? Number(today.slice(0, 4));
    const epciSiren = epciOf(actor, q.epci);
    const rows = await this.uow.read((r) => statementsOf(r, Scope.of(actor), epciSiren, year, today, { serviceCode: q.service, communeInsee: q.commune }));
    return {
      epciSiren,
      year,
      rows: rows.map((s) => s.row),
      totals: {
        forecastCents: sum(rows, (s) => s.row.forecastCents),
        actualCents: sum(rows, (s) => s.row.actualCents ?? 0),
        invoicedCents: sum(rows, (s) => s.row.invoicedCents),
        balanceCents: sum(rows, (s) => s.row.balanceCents ?? 0),
      },
    };
  }
}

const sum = <T>(items: T[], of: (item: T) => number): number => items.reduce((total, item) => total + of(item), 0);

/**
 * The money of the year of every convention of an EPCI in force at some point of it, in scope: read in a few
 * queries (the conventions, the year's costs, the year's units, the keys' shares over the whole EPCI).
 */
export async function statementsOf(
  r: Repositories,
  scope: Scope,
  epciSiren: string,
  year: number,
  today: CivilDate,
  filter: { serviceCode?: string; communeInsee?: string } = {},
): Promise<Statement[]> {
  const [conventions, services, costs, usage] = await Promise.all([
    r.adhesions.conventions(scope, { epciSiren, year, ...filter }),
    r.catalogue.services(epciSiren),
    r.catalogue.unitCosts(epciSiren, year),
    r.usage.ofEpciYear(epciSiren, year, filter),
  ]);
  const serviceOf = new Map(services.map((s) => [s.code, s]));
  const costOf = new Map(costs.map((c) => [c.serviceCode, c]));
  const usageOf = new Map<string, typeof usage>();
  for (const u of usage) usageOf.set(u.adhesionId, [...(usageOf.get(u.adhesionId) ?? []), u]);
  const shares = new Map<string, { amountCents: number; key: string | null }>();
  for (const code of new Set(conventions.map((c) => c.adhesion.serviceCode))) {
    const service = serviceOf.get(code);
    if (service?.costModel !== 'keys') continue;
    for (const c of conventions.filter((x) => x.adhesion.serviceCode === code)) {
      const costs = await serviceYearCosts(r, service, year, c.adhesion.id);
      const member = costs.members.find((m) => m.adhesionId === c.adhesion.id);
      if (member) shares.set(c.adhesion.id, { amountCents: member.amountCents, key: member.key });
    }
  }
  const statements: Statement[] = [];
  for (const c of conventions) {
    const service = serviceOf.get(c.adhesion.serviceCode);
    if (!service) continue;
    const y = computeConventionYear({
      adhesion: c.adhesion,
      service,
      year,
      today,
      cost: costOf.get(service.code) ?? null,
      usage: usageOf.get(c.adhesion.id) ?? [],
      share: shares.get(c.adhesion.id) ?? null,
    });
    if (y.money.days === 0) continue;
    statements.push({ row: toStatementRow(c.adhesion.id, c.adhesion.communeInsee, c.communeName, service, c.adhesion.state, y, today), year: y });
  }
  return statements.sort((a, b) => a.row.communeName.localeCompare(b.row.communeName, 'fr') || a.row.serviceName.localeCompare(b.row.serviceName, 'fr'));
}

export function toStatementRow(adhesionId: string, communeInsee: string, communeName: string, service: Service, state: string, y: ConventionYear, today: CivilDate): StatementRow {
  return {
    adhesionId,
    communeInsee,
    communeName,
    serviceCode: service.code,
    serviceName: service.name,
    state,
    // A convention signed for a later start is not active yet (state-label.ts, on the day in Paris).
    stateLabel: stateLabelOn(state, y.coverage?.from ?? null, today),
    periodicity: y.periodicity,
    settlement: service.settlement,
    key: y.key,
    unitCostCents: y.unitCostCents,
    unitCostSource: y.unitCostSource,
    forecastUnits: y.forecastUnits,
    days: y.money.days,
    daysInYear: y.money.daysInYear,
    forecastCents: y.money.forecastCents,
    actualUnits: y.money.actualUnits,
    actualCents: y.money.actualCents,
    invoicedCents: y.money.invoicedCents,
    balanceCents: y.money.balanceCents,
    instalments: y.money.periods.map((p) => ({ period: p.period, from: p.from, to: p.to, instalmentCents: p.instalmentCents, actualUnits: p.actualUnits })),
  };
}

export function toYearMoneyResponse(adhesionId: string, service: Service, y: ConventionYear, years: number[]): AdhesionYearMoney {
  const byPeriod = new Map(y.usage.map((u) => [u.period, u]));
  return {
    adhesionId,
    year: y.year,
    years,
    costModel: service.costModel,
    periodicity: y.periodicity,
    settlement: service.settlement,
    coverage: y.coverage,
    unitCostCents: y.unitCostCents,
    unitCostSource: y.unitCostSource,
    unitCostNotifiedAt: y.unitCostNotifiedAt,
    forecastUnits: y.forecastUnits,
    unitCosts: y.money.unitCosts,
    actWeights: service.actWeights,
    days: y.money.days,
    daysInYear: y.money.daysInYear,
    fullYearForecastCents: y.money.fullYearForecastCents,
    forecastCents: y.money.forecastCents,
    periods: y.money.periods.map((p) => {
      const usage = byPeriod.get(p.period);
      return { period: p.period, from: p.from, to: p.to, days: p.days, instalmentCents: p.instalmentCents, closed: p.closed, actualUnits: p.actualUnits, usage: usage ? toUsageResponse(usage) : null };
    }),
    actualUnits: y.money.actualUnits,
    actualCents: y.money.actualCents,
    invoicedCents: y.money.invoicedCents,
    balanceCents: y.money.balanceCents,
    final: y.final,
  };
}
