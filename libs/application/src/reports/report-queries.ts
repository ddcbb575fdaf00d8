// Reports of the pooling: per service, its members and the cost allocation; per year, the annual report
// (adhesions by service and state, amounts, communes covered). Amounts are integer cents.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { allocateByKeys, annualAmountCents, parisDateOf } from '#domain';
import { AdhesionEntity, CommuneEntity, ServiceEntity, UnitCostEntity, UnitOfWork } from '#persistence';
import { NotFound, STATE_LABELS_FR } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { parseOrThrow } from '../common/validation.js';
import { scopeAdhesions } from '../adhesions/adhesion-queries.js';

const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2200).optional() }).strict();

@Injectable()
export class ReportQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  private year(query: unknown): number {
    return parseOrThrow(yearQuery, query).year ?? Number(parisDateOf(this.clock.now()).slice(0, 4));
  }

  /** The active members of a service in the caller's scope, and what each pays this year. */
  async members(actor: Actor, code: string, query: unknown) {
    const year = this.year(query);
    return this.uow.read(async (m) => {
      const service = await m.findOneBy(ServiceEntity, { code });
      if (!service) throw new NotFound('Service not found', { code });
      const cost = await m.findOneBy(UnitCostEntity, { serviceCode: code, year });
      const qb = m
        .createQueryBuilder(AdhesionEntity, 'a')
        .innerJoin(ServiceEntity, 's', 's.code = a.service_code')
        .innerJoin(CommuneEntity, 'c', 'c.insee = a.commune_insee')
        .where("a.service_code = :code AND a.state = 'active'", { code });
      scopeAdhesions(qb, actor);
      const rows = await qb
        .select(['a.id AS id', 'a.commune_insee AS insee', 'c.name AS name', 'c.population AS population', 'a.state AS state', 'a.forecast_units AS units'])
        .orderBy('c.name', 'ASC')
        .getRawMany<{ id: string; insee: string; name: string; population: number | null; state: string; units: string }>();
      let amounts: number[];
      if (service.costModel === 'keys') {
        const keys = rows.map((r) => (service.keyBasis === 'population' ? Number(r.population ?? 0) : Number(r.units)));
        amounts = keys.some((k) => k > 0) ? allocateByKeys(cost?.totalCostCents ?? 0, keys) : keys.map(() => 0);
      } else {
        amounts = rows.map((r) => annualAmountCents(cost?.unitCostCents ?? 0, r.units));
      }
      const totalCents = amounts.reduce((sum, a) => sum + a, 0);
      return {
        service: { code: service.code, name: service.name, costModel: service.costModel, keyBasis: service.keyBasis, unitLabelPlural: service.unitLabelPlural },
        year,
        unitCostCents: cost?.unitCostCents ?? null,
        totalCostCents: cost?.totalCostCents ?? null,
        members: rows.map((r, i) => ({
          adhesionId: r.id,
          communeInsee: r.insee,
          communeName: r.name,
          population: r.population === null ? null : Number(r.population),
          state: r.state,
          stateLabel: STATE_LABELS_FR[r.state] ?? r.state,
          forecastUnits: Number(r.units),
          amountCents: amounts[i],
          sharePercent: totalCents > 0 ? Math.round((amounts[i] / totalCents) * 10_000) / 100 : 0,
        })),
        totalCents,
      };
    });
  }

  /** The annual report of the pooling, for the caller's scope. */
  async annual(actor: Actor, query: unknown) {
    const year = this.year(query);
    // Amounts first, each from its own read: on SQLite a read inside a read would wait on itself.
    const services = await this.uow.read((m) => m.find(ServiceEntity, { order: { name: 'ASC' } }));
    const amounts: Array<{ serviceCode: string; serviceName: string; annualAmountCents: number }> = [];
    for (const service of services) {
      const members = await this.members(actor, service.code, { year });
      if (members.members.length) amounts.push({ serviceCode: service.code, serviceName: service.name, annualAmountCents: members.totalCents });
    }
    return this.uow.read(async (m) => {
      const qb = m.createQueryBuilder(AdhesionEntity, 'a').innerJoin(ServiceEntity, 's', 's.code = a.service_code');
      scopeAdhesions(qb, actor);
      const byState = await qb
        .clone()
        .select(['a.service_code AS code', 's.name AS name', 'a.state AS state', 'COUNT(*) AS count'])
        .groupBy('a.service_code')
        .addGroupBy('s.name')
        .addGroupBy('a.state')
        .orderBy('s.name', 'ASC')
        .getRawMany<{ code: string; name: string; state: string; count: string | number }>();
      const covered = await qb
        .clone()
        .select('COUNT(DISTINCT a.commune_insee)', 'n')
        .andWhere("a.state = 'active'")
        .getRawOne<{ n: string | number }>();
      const communes = m.createQueryBuilder(CommuneEntity, 'c');
      if (actor.role === 'secretary') communes.where('c.insee = :insee', { insee: actor.communeInsee ?? '' });
      else if (actor.role !== 'admin') communes.where('c.epci_siren = :epci', { epci: actor.epciSiren ?? '' });
      return {
        year,
        byServiceAndState: byState.map((r) => ({ serviceCode: r.code, serviceName: r.name, state: r.state, stateLabel: STATE_LABELS_FR[r.state] ?? r.state, count: Number(r.count) })),
        amounts,
        communesCovered: Number(covered?.n ?? 0),
        communesTotal: await communes.getCount(),
        activeAdhesions: byState.filter((r) => r.state === 'active').reduce((sum, r) => sum + Number(r.count), 0),
      };
    });
  }
}
