// Reports of the pooling: per service, its members and what each pays; per year, the annual report
// (adhesions by service and state, amounts, communes covered). Amounts are integer cents, computed by
// costs/service-costs.ts over the whole EPCI, then shown to whom they belong.
import { Injectable } from '@nestjs/common';
import { reportQuery, type AnnualReport, type ServiceMembers } from '#contracts';
import { parisDateOf } from '#domain';
import { NotFound, STATE_LABELS_FR } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { Scope } from '../common/scope.js';
import { parseOrThrow } from '../common/validation.js';
import { serviceYearCosts } from '../costs/service-costs.js';
import { epciOf } from '../catalogue/epci-of.js';
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

  private async membersOf(r: Repositories, scope: Scope, service: Service, year: number): Promise<ServiceMembers> {
    const costs = await serviceYearCosts(r, service, year);
    const active = costs.members.filter((m) => m.state === 'active');
    const totalCents = active.reduce((sum, m) => sum + m.amountCents, 0);
    const visible = active.filter((m) => scope.includes({ communeInsee: m.communeInsee, epciSiren: service.epciSiren, servicePole: service.pole }));
    const mayCompare = scope.filter.communeInsee === undefined;
    return {
      service: { code: service.code, name: service.name, legalBasis: service.legalBasis, costModel: service.costModel, keyBasis: service.keyBasis, unitLabelPlural: service.unitLabelPlural },
      year,
      unitCostCents: costs.cost?.unitCostCents ?? null,
      totalCostCents: costs.cost?.totalCostCents ?? null,
      members: visible
        .sort((a, b) => a.communeName.localeCompare(b.communeName, 'fr'))
        .map((m) => ({
          adhesionId: m.adhesionId,
          communeInsee: m.communeInsee,
          communeName: m.communeName,
          population: m.population,
          state: m.state,
          stateLabel: STATE_LABELS_FR[m.state] ?? m.state,
          forecastUnits: Number(m.forecastUnits),
          key: m.key,
          amountCents: m.amountCents,
          sharePercent: totalCents > 0 ? Math.round((m.amountCents / totalCents) * 10_000) / 100 : 0,
        })),
      // The whole of the service is the EPCI's business; a commune sees what it pays.
      totalCents: mayCompare ? totalCents : visible.reduce((sum, m) => sum + m.amountCents, 0),
      epciCents: mayCompare ? costs.epciCents : null,
    };
  }

  /** The annual report of the pooling, for the caller's scope. */
  async annual(actor: Actor, query: unknown): Promise<AnnualReport> {
    const { year, epci } = this.parse(query);
    const epciSiren = epciOf(actor, epci);
    const scope = Scope.of(actor);
    return this.uow.read(async (r) => {
      const amounts: Array<{ serviceCode: string; serviceName: string; annualAmountCents: number }> = [];
      for (const service of await r.catalogue.services(epciSiren)) {
        if (scope.filter.servicePole !== undefined && scope.filter.servicePole !== service.pole) continue;
        const members = await this.membersOf(r, scope, service, year);
        if (members.members.length) amounts.push({ serviceCode: service.code, serviceName: service.name, annualAmountCents: members.totalCents });
      }
      const [byState, communesCovered, communesTotal] = await Promise.all([
        r.adhesions.countByServiceAndState(scope),
        r.adhesions.countCommunesCovered(scope),
        r.communes.countCommunes(scope),
      ]);
      return {
        year,
        byServiceAndState: byState.map((row) => ({ ...row, stateLabel: STATE_LABELS_FR[row.state] ?? row.state })),
        amounts,
        communesCovered,
        communesTotal,
        activeAdhesions: byState.filter((row) => row.state === 'active').reduce((sum, row) => sum + row.count, 0),
      };
    });
  }
}
