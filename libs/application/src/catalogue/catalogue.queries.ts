// The catalogue of the caller's EPCI, the communes a caller may see, and the EPCIs themselves.
import { Injectable } from '@nestjs/common';
import { listCommunesQuery, type Commune, type CommuneWithEpci, type Epci, type Page, type Service } from '#contracts';
import { parisDateOf } from '#domain';
import { NotFound } from '#workflow';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { Scope } from '../common/scope.js';
import { parseOrThrow } from '../common/validation.js';
import { UnitOfWork } from '../ports/repositories.js';
import { epciOf } from './epci-of.js';

export { listCommunesQuery } from '#contracts';

@Injectable()
export class CatalogueQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** The services of the caller's EPCI (the admin names one), with this year's costs. */
  async services(actor: Actor, query: { epci?: unknown } = {}): Promise<Service[]> {
    const epciSiren = epciOf(actor, query.epci);
    const year = Number(parisDateOf(this.clock.now()).slice(0, 4));
    return this.uow.read(async (r) => {
      const [epci, services, costs] = await Promise.all([r.communes.epci(epciSiren), r.catalogue.services(epciSiren), r.catalogue.unitCosts(epciSiren, year)]);
      if (!epci) throw new NotFound('EPCI not found', { siren: epciSiren });
      return services.map((s) => {
        const cost = costs.find((c) => c.serviceCode === s.code);
        return { ...s, year, unitCostCents: cost?.unitCostCents ?? null, totalCostCents: cost?.totalCostCents ?? null, notifiedAt: cost?.notifiedAt ?? null };
      });
    });
  }

  async communes(actor: Actor, query: unknown): Promise<Page<Commune>> {
    const q = parseOrThrow(listCommunesQuery, query);
    return this.uow.read((r) => r.communes.communes(Scope.of(actor), q));
  }

  async commune(actor: Actor, insee: string): Promise<CommuneWithEpci> {
    const found = await this.uow.read(async (r) => {
      const commune = await r.communes.commune(insee);
      if (!commune || !Scope.of(actor).includesCommune(commune)) return null;
      return { ...commune, epci: commune.epciSiren ? await r.communes.epci(commune.epciSiren) : null };
    });
    if (!found) throw new NotFound('Commune not found', { insee });
    return found;
  }

  /** The caller's EPCI: its real name and nature (communauté urbaine, métropole…) for the UI. */
  async epci(actor: Actor, siren: string): Promise<Epci> {
    const epci = Scope.of(actor).includesEpci(siren) ? await this.uow.read((r) => r.communes.epci(siren)) : null;
    if (!epci) throw new NotFound('EPCI not found', { siren });
    return epci;
  }
}
