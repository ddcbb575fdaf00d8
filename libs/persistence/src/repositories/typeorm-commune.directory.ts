// The EPCIs and communes, as loaded from the INSEE data; communes listed in a caller's scope.
import type { Scope } from '../../../application/src/common/scope.js';
import type { Commune, CommuneDirectory, Epci, Page } from '../../../application/src/ports/index.js';
import { CommuneEntity, EpciEntity } from '../entities/index.js';
import { toCommune, toEpci } from './mappers.js';
import { scopeCommunes } from './scope-sql.js';
import { TypeOrmRepository } from './typeorm-repository.js';

export class TypeOrmCommuneDirectory extends TypeOrmRepository implements CommuneDirectory {
  async commune(insee: string): Promise<Commune | null> {
    const row = await this.m.findOneBy(CommuneEntity, { insee });
    return row ? toCommune(row) : null;
  }

  async epci(siren: string): Promise<Epci | null> {
    const row = await this.m.findOneBy(EpciEntity, { siren });
    return row ? toEpci(row) : null;
  }

  async communes(scope: Scope, query: { q?: string; page: number; pageSize: number }): Promise<Page<Commune>> {
    const qb = scopeCommunes(this.m.createQueryBuilder(CommuneEntity, 'c'), scope);
    if (query.q) qb.andWhere('LOWER(c.name) LIKE :q', { q: `%${query.q.toLowerCase()}%` });
    const [items, total] = await qb
      // French order, a page at a time: name_sort is the folded name, compared by bytes on both databases.
      .orderBy('c.name_sort', 'ASC')
      .addOrderBy('c.insee', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: items.map(toCommune), total, page: query.page, pageSize: query.pageSize };
  }

  async countCommunes(scope: Scope): Promise<number> {
    return scopeCommunes(this.m.createQueryBuilder(CommuneEntity, 'c'), scope).getCount();
  }
}
