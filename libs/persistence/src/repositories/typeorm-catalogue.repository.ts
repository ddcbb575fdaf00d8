// Each EPCI's catalogue of services and its yearly unit costs (CGCT D5211-16), keyed by the EPCI.
import type { CatalogueRepository, Service, UnitCost } from '../../../application/src/ports/index.js';
import { ServiceEntity, UnitCostEntity } from '../entities/index.js';
import { templateCatalogue } from '../seed/catalogue.js';
import { compareFr } from '#domain';
import { toService, toUnitCost } from './mappers.js';
import { TypeOrmRepository } from './typeorm-repository.js';

export class TypeOrmCatalogueRepository extends TypeOrmRepository implements CatalogueRepository {
  async services(epciSiren: string): Promise<Service[]> {
    // A catalogue is a few dozen services: sorted here in French order (the database's is byte order).
    const rows = await this.m.find(ServiceEntity, { where: { epciSiren }, order: { code: 'ASC' } });
    return rows.sort((a, b) => compareFr(a.name, b.name)).map(toService);
  }

  async service(epciSiren: string, code: string): Promise<Service | null> {
    const row = await this.m.findOneBy(ServiceEntity, { epciSiren, code });
    return row ? toService(row) : null;
  }

  async allServices(): Promise<Service[]> {
    const rows = await this.m.find(ServiceEntity, { order: { epciSiren: 'ASC', code: 'ASC' } });
    return rows.map(toService);
  }

  async updateService(epciSiren: string, code: string, changes: Partial<Service>): Promise<void> {
    // The key is not a setting: a service never moves to another EPCI or code.
    const { epciSiren: _epci, code: _code, ...settings } = changes;
    if (Object.keys(settings).length === 0) return;
    await this.writing(this.m.update(ServiceEntity, { epciSiren, code }, settings as never));
  }

  async unitCost(epciSiren: string, code: string, year: number): Promise<UnitCost | null> {
    const row = await this.m.findOneBy(UnitCostEntity, { epciSiren, serviceCode: code, year });
    return row ? toUnitCost(row) : null;
  }

  async unitCosts(epciSiren: string, year: number): Promise<UnitCost[]> {
    const rows = await this.m.find(UnitCostEntity, { where: { epciSiren, year }, order: { serviceCode: 'ASC' } });
    return rows.map(toUnitCost);
  }

  /** Inserts the year's cost, or replaces it: one statement, so two DGS saving at once never collide. */
  async saveUnitCost(cost: UnitCost): Promise<void> {
    await this.writing(
      this.m
        .createQueryBuilder()
        .insert()
        .into(UnitCostEntity)
        .values({
          epciSiren: cost.epciSiren,
          serviceCode: cost.serviceCode,
          year: cost.year,
          unitCostCents: cost.unitCostCents,
          totalCostCents: cost.totalCostCents,
          notifiedAt: cost.notifiedAt,
          notifiedBy: cost.notifiedBy,
        })
        .orUpdate(['unit_cost_cents', 'total_cost_cents', 'notified_at', 'notified_by'], ['epci_siren', 'service_code', 'year'])
        .execute(),
    );
  }

  /** The template catalogue, copied into an EPCI with no service; a concurrent copy is ignored, not an error. */
  async ensureCatalogue(epciSiren: string): Promise<boolean> {
    if (await this.m.existsBy(ServiceEntity, { epciSiren })) return false;
    const services = templateCatalogue(epciSiren);
    if (services.length === 0) return false;
    await this.writing(this.m.createQueryBuilder().insert().into(ServiceEntity).values(services as never[]).orIgnore().execute());
    return true;
  }
}
