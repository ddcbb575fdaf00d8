// The communes and EPCIs, in memory: what a caller may see is what `scope.includesCommune` lets through.
import { type Scope } from '../../src/common/scope.js';
import { type Commune, type CommuneDirectory, type Epci, type Page } from '../../src/ports/index.js';
import { byName, clone, paginate, type Tx } from './in-memory-tables.js';

export class InMemoryCommuneDirectory implements CommuneDirectory {
  constructor(private readonly tx: Tx) {}

  async commune(insee: string): Promise<Commune | null> {
    const found = this.tx.rows.communes.get(insee);
    return found ? clone(found) : null;
  }

  async epci(siren: string): Promise<Epci | null> {
    const found = this.tx.rows.epcis.get(siren);
    return found ? clone(found) : null;
  }

  /** In scope, by name in French collation (ties by INSEE code), filtered by a case-insensitive fragment of the name. */
  async communes(scope: Scope, query: { q?: string; page: number; pageSize: number }): Promise<Page<Commune>> {
    const fragment = query.q ? query.q.toLowerCase() : null;
    const matching = this.inScope(scope)
      .filter((c) => fragment === null || c.name.toLowerCase().includes(fragment))
      .sort(byName((c) => c.name, (c) => c.insee));
    return { items: paginate(matching, query.page, query.pageSize).map(clone), total: matching.length, page: query.page, pageSize: query.pageSize };
  }

  async countCommunes(scope: Scope): Promise<number> {
    return this.inScope(scope).length;
  }

  private inScope(scope: Scope): Commune[] {
    return [...this.tx.rows.communes.values()].filter((c) => scope.includesCommune(c));
  }
}
