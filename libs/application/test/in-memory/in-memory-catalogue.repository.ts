// Each EPCI's catalogue and yearly unit costs, in memory. Services are keyed by (epciSiren, code): the same
// code in two EPCIs is two services, with their own settings and costs.
import { type CatalogueRepository, type Service, type UnitCost } from '../../src/ports/index.js';
import { byName, clone, compareText, compositeKey, defined, type Tx } from './in-memory-tables.js';

/** The catalogue a new EPCI starts from: `ensureCatalogue` copies it. */
export type CatalogueTemplate = (epciSiren: string) => Service[];

export class InMemoryCatalogueRepository implements CatalogueRepository {
  constructor(
    private readonly tx: Tx,
    private readonly template?: CatalogueTemplate,
  ) {}

  async services(epciSiren: string): Promise<Service[]> {
    return [...this.tx.rows.services.values()]
      .filter((s) => s.epciSiren === epciSiren)
      .sort(byName((s) => s.name, (s) => s.code))
      .map(clone);
  }

  async service(epciSiren: string, code: string): Promise<Service | null> {
    const found = this.tx.rows.services.get(compositeKey(epciSiren, code)!);
    return found ? clone(found) : null;
  }

  async allServices(): Promise<Service[]> {
    return [...this.tx.rows.services.values()]
      .sort((a, b) => compareText(a.epciSiren, b.epciSiren) || compareText(a.code, b.code))
      .map(clone);
  }

  async updateService(epciSiren: string, code: string, changes: Partial<Service>): Promise<void> {
    const pk = compositeKey(epciSiren, code)!;
    const current = this.tx.mutable('updateService').services.get(pk);
    if (!current) return; // an UPDATE that matches nothing
    this.tx.update('services', pk, { ...current, ...defined(changes), epciSiren, code });
  }

  async unitCost(epciSiren: string, code: string, year: number): Promise<UnitCost | null> {
    const found = this.tx.rows.unitCosts.get(compositeKey(epciSiren, code, year)!);
    return found ? clone(found) : null;
  }

  async unitCosts(epciSiren: string, year: number): Promise<UnitCost[]> {
    return [...this.tx.rows.unitCosts.values()]
      .filter((c) => c.epciSiren === epciSiren && c.year === year)
      .sort((a, b) => compareText(a.serviceCode, b.serviceCode))
      .map(clone);
  }

  /** An upsert on (epciSiren, serviceCode, year). */
  async saveUnitCost(cost: UnitCost): Promise<void> {
    const pk = compositeKey(cost.epciSiren, cost.serviceCode, cost.year)!;
    if (this.tx.mutable('saveUnitCost').unitCosts.has(pk)) this.tx.update('unitCosts', pk, cost);
    else this.tx.insert('unitCosts', cost);
  }

  async ensureCatalogue(epciSiren: string): Promise<boolean> {
    const tables = this.tx.mutable('ensureCatalogue');
    if ([...tables.services.values()].some((s) => s.epciSiren === epciSiren)) return false;
    const services = this.template?.(epciSiren) ?? [];
    // INSERT … ON CONFLICT DO NOTHING, as a concurrent copy is ignored rather than an error.
    for (const service of services) this.tx.insertOrIgnore('services', { ...service, epciSiren });
    return services.length > 0;
  }
}
