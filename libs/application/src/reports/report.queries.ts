// Reports of the pooling: per service, its members and what each pays; per year, the annual report
// (adhesions by service and state, amounts, communes covered). Amounts are integer cents, computed by
// costs/service-costs.ts over the whole EPCI, then shown to whom they belong.
import { Injectable } from '@nestjs/common';
import { reportQuery, type AnnualReport, type ServiceMembers } from '#contracts';
import { parisDateOf } from '#domain';
import { NotFound } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { Scope } from '../common/scope.js';
import { parseOrThrow } from '../common/validation.js';
import { statementsOf, type Statement } from '../money/money.queries.js';
import { epciOf } from '../catalogue/epci-of.js';
import { countedState, SIGNED_NOT_STARTED } from '../adhesions/state-label.js';
import { type Service } from '../ports/records.js';
import { type Repositories, UnitOfWork } from '../ports/repositories.js';


@Injectable()
export class ReportQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  private parse(query: unknown) {
    const q = parseOrThrow(reportQuery, query);
    return { ...q, year: q.year ?? Number(parisDateOf(this.clock.now()).slice(0, 4)) };
  }

  /**
   * The active members of one of the caller's EPCI's services and what each pays in the year, split over
   * all the EPCI's members; a secretary sees her commune's row only, an agent the services of its pole.
   */
  async members(actor: Actor, code: string, query: unknown): Promise<ServiceMembers> {
    const { year, epci } = this.parse(query);
    const epciSiren = epciOf(actor, epci);
    const scope = Scope.of(actor);
    return this.uow.read(async (r) => {
      const service = await r.catalogue.service(epciSiren, code);
      if (!service || (scope.filter.servicePole !== undefined && scope.filter.servicePole !== service.pole)) throw new NotFound('Service not found', { code });
      return this.membersOf(r, scope, service, year);
    });
  }

  /**
   * The members of a service in the year and what each pays: the forecast of its convention's year (pro rata of
   * the days in force), from the statements of the whole EPCI, so that a share never depends on who looks.
   */
  private async membersOf(r: Repositories, scope: Scope, service: Service, year: number): Promise<ServiceMembers> {
    const today = parisDateOf(this.clock.now());
    const [cost, statements] = await Promise.all([
      r.catalogue.unitCost(service.epciSiren, service.code, year),
      statementsOf(r, Scope.everything, service.epciSiren, year, today, { serviceCode: service.code }),
    ]);
    const communes = new Map((await r.adhesions.keyMembers(service.epciSiren, service.code)).map((m) => [m.communeInsee, m.population]));
    const totalCents = statements.reduce((sum, s) => sum + s.row.forecastCents, 0);
    const visible = statements.filter((s) => scope.includes({ communeInsee: s.row.communeInsee, epciSiren: service.epciSiren, servicePole: service.pole }));
    const mayCompare = scope.filter.communeInsee === undefined;
    const keysTotal = service.costModel === 'keys' ? (cost?.totalCostCents ?? 0) : 0;
    return {
      service: { code: service.code, name: service.name, legalBasis: service.legalBasis, costModel: service.costModel, keyBasis: service.keyBasis, unitLabelPlural: service.unitLabelPlural },
      year,
      unitCostCents: cost?.unitCostCents ?? null,
      totalCostCents: cost?.totalCostCents ?? null,
      members: visible.map(({ row }) => ({
        adhesionId: row.adhesionId,
        communeInsee: row.communeInsee,
        communeName: row.communeName,
        population: communes.get(row.communeInsee) ?? null,
        state: row.state,
        stateLabel: row.stateLabel,
        forecastUnits: Number(row.forecastUnits),
        key: row.key,
        amountCents: row.forecastCents,
        sharePercent: totalCents > 0 ? Math.round((row.forecastCents / totalCents) * 10_000) / 100 : 0,
      })),
      // The whole of the service is the EPCI's business; a commune sees what it pays.
      totalCents: mayCompare ? totalCents : visible.reduce((sum, s) => sum + s.row.forecastCents, 0),
      // What the EPCI bears itself of a total shared by keys: the rest of the total after the members' shares.
      epciCents: mayCompare ? Math.max(0, keysTotal - totalCents) : null,
    };
  }

  /** The annual report of the pooling, for the caller's scope: counts, and forecast against actual from the statements. */
  async annual(actor: Actor, query: unknown): Promise<AnnualReport> {
    const { year, epci } = this.parse(query);
    const epciSiren = epciOf(actor, epci);
    const scope = Scope.of(actor);
    const today = parisDateOf(this.clock.now());
    return this.uow.read(async (r) => {
      const [statements, byState, communesCovered, communesTotal] = await Promise.all([
        statementsOf(r, scope, epciSiren, year, today),
        r.adhesions.countByServiceAndState(scope),
        r.adhesions.countCommunesCovered(scope, today),
        r.communes.countCommunes(scope),
      ]);
      const counts = countsOn(byState, today);
      const countOf = (state: string) => counts.filter((row) => row.state === state).reduce((sum, row) => sum + row.count, 0);
      const byService = totalsBy(statements, (s) => s.row.serviceCode, (s) => ({ serviceCode: s.row.serviceCode, serviceName: s.row.serviceName }));
      const byCommune = totalsBy(statements, (s) => s.row.communeInsee, (s) => ({ communeInsee: s.row.communeInsee, communeName: s.row.communeName }));
      return {
        year,
        byServiceAndState: counts,
        amounts: byService.map((t) => ({ serviceCode: t.serviceCode, serviceName: t.serviceName, annualAmountCents: t.forecastCents })),
        money: {
          byService,
          byCommune,
          total: totals(statements),
          incomeCents: statements.reduce((sum, s) => sum + (s.row.actualCents ?? s.row.forecastCents), 0),
        },
        communesCovered,
        communesTotal,
        activeAdhesions: countOf('active'),
        signedNotStarted: countOf(SIGNED_NOT_STARTED),
      };
    });
  }
}

type StateCount = { serviceCode: string; serviceName: string; state: string; count: number };

/** The counts by service and state on `today`: a signed convention is active from its start date only (countedState). */
function countsOn(rows: Array<StateCount & { startDate: string | null }>, today: string): Array<StateCount & { stateLabel: string }> {
  const groups = new Map<string, StateCount & { stateLabel: string }>();
  for (const { startDate, ...row } of rows) {
    const counted = { ...row, ...countedState(row.state, startDate, today) };
    const key = `${row.serviceCode}\u0000${counted.state}`;
    const found = groups.get(key);
    if (found) found.count += row.count;
    else groups.set(key, counted);
  }
  return [...groups.values()];
}

type Totals = { conventions: number; final: number; forecastCents: number; actualCents: number; invoicedCents: number; balanceCents: number };

function totals(statements: Statement[]): Totals {
  return {
    conventions: statements.length,
    final: statements.filter((s) => s.year.final).length,
    forecastCents: statements.reduce((sum, s) => sum + s.row.forecastCents, 0),
    actualCents: statements.reduce((sum, s) => sum + (s.row.actualCents ?? 0), 0),
    invoicedCents: statements.reduce((sum, s) => sum + s.row.invoicedCents, 0),
    balanceCents: statements.reduce((sum, s) => sum + (s.row.balanceCents ?? 0), 0),
  };
}

/** Totals per group, in the order of the statements' first appearance (French order of names). */
function totalsBy<K extends Record<string, string>>(statements: Statement[], keyOf: (s: Statement) => string, labelOf: (s: Statement) => K): Array<K & Totals> {
  const groups = new Map<string, Statement[]>();
  for (const s of statements) groups.set(keyOf(s), [...(groups.get(keyOf(s)) ?? []), s]);
  return [...groups.values()]
    .map((group) => ({ ...labelOf(group[0]), ...totals(group) }))
    .sort((a, b) => Object.values(a)[1].toString().localeCompare(Object.values(b)[1].toString(), 'fr'));
}
