// The catalogue of services and the communes a caller may see.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { CommuneEntity, EpciEntity, ServiceEntity, UnitCostEntity, UnitOfWork } from '#persistence';
import { parisDateOf } from '#domain';
import { NotFound } from '#workflow';
import { canSeeCommune, type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { parseOrThrow } from '../common/validation.js';

export const listCommunesSchema = z
  .object({
    q: z.string().max(100).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

@Injectable()
export class CatalogueQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async services() {
    const year = Number(parisDateOf(this.clock.now()).slice(0, 4));
    return this.uow.read(async (m) => {
      const [services, costs] = await Promise.all([
        m.find(ServiceEntity, { order: { name: 'ASC' } }),
        m.findBy(UnitCostEntity, { year }),
      ]);
      return services.map((s) => {
        const cost = costs.find((c) => c.serviceCode === s.code);
        return { ...s, year, unitCostCents: cost?.unitCostCents ?? null, totalCostCents: cost?.totalCostCents ?? null };
      });
    });
  }

  async communes(actor: Actor, query: unknown) {
    const q = parseOrThrow(listCommunesSchema, query);
    return this.uow.read(async (m) => {
      const qb = m.createQueryBuilder(CommuneEntity, 'c');
      if (actor.role === 'secretary') qb.andWhere('c.insee = :insee', { insee: actor.communeInsee ?? '' });
      else if (actor.role !== 'admin') qb.andWhere('c.epci_siren = :epci', { epci: actor.epciSiren ?? '' });
      if (q.q) qb.andWhere('LOWER(c.name) LIKE :q', { q: `%${q.q.toLowerCase()}%` });
      const [items, total] = await qb
        .orderBy('c.name', 'ASC')
        .skip((q.page - 1) * q.pageSize)
        .take(q.pageSize)
        .getManyAndCount();
      return { items, total, page: q.page, pageSize: q.pageSize };
    });
  }

  async commune(actor: Actor, insee: string) {
    const found = await this.uow.read(async (m) => {
      const commune = await m.findOneBy(CommuneEntity, { insee });
      const epci = commune?.epciSiren ? await m.findOneBy(EpciEntity, { siren: commune.epciSiren }) : null;
      return commune ? { ...commune, epci } : null;
    });
    if (!found || !canSeeCommune(actor, found)) throw new NotFound('Commune not found', { insee });
    return found;
  }
}
