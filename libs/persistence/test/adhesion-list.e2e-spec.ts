// The adhesion list at a size where counting matters, on both databases: the count stops at its cap and says
// so, a filter under the cap is counted exactly, and the migration 1764330000000's indexes give the lists'
// orders (the planner reads the index instead of sorting), which down() takes back.
import { type DataSource } from 'typeorm';
import { Scope } from '../../application/src/common/scope.js';
import { LIST_COUNT_CAP, type Adhesion } from '../../application/src/ports/index.js';
import { DATABASE_KINDS, type TestDatabase } from '../../../test/support/databases.js';
import { AdhesionEntity } from '../src/entities/index.js';
import { insertRows } from '../src/repositories/plain-sql.js';
import { AdhesionListIndexes1764330000000 } from '../src/migrations/1764330000000-adhesion-list-indexes.js';
import { TypeOrmUnitOfWork } from '../src/typeorm-unit-of-work.js';
import { closeAndDrop, databaseBefore, reopenThrough } from './support/migration-database.js';
import { adhesion, EPCI_A, upsertTwoEpcis } from './support/two-epcis.js';

async function plan(ds: DataSource, sql: string): Promise<string> {
  if (ds.options.type === 'postgres') {
    const rows: Array<{ 'QUERY PLAN': string }> = await ds.query(`EXPLAIN ${sql}`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }
  const rows: Array<{ detail: string }> = await ds.query(`EXPLAIN QUERY PLAN ${sql}`);
  return rows.map((r) => r.detail).join('\n');
}

// The orders as the repository writes them on each database (NULLS LAST only where it is not the default).
const byUpdate = (pg: boolean) => `SELECT a.id FROM adhesion a ORDER BY a.updated_at DESC${pg ? ' NULLS LAST' : ''}, a.id ASC LIMIT 50`;
const byDeadlineInState = (pg: boolean) =>
  `SELECT a.id FROM adhesion a WHERE a.state = 'withdrawn' ORDER BY a.next_deadline_at ASC${pg ? '' : ' NULLS LAST'}, a.id ASC LIMIT 50`;

describe.each(DATABASE_KINDS)('the adhesion list past its count cap, on %s', (kind) => {
  let db: TestDatabase;
  let ds: DataSource | undefined;
  let uow: TypeOrmUnitOfWork;

  beforeAll(async () => {
    ({ db, ds } = await databaseBefore(kind, AdhesionListIndexes1764330000000));
    ds = await reopenThrough(db, ds, AdhesionListIndexes1764330000000);
    await ds.runMigrations({ transaction: 'each' });
    uow = new TypeOrmUnitOfWork(ds);
    await uow.write(async (r) => {
      await upsertTwoEpcis(r);
      await r.catalogue.ensureCatalogue(EPCI_A);
    });
    const code = (await uow.read((r) => r.catalogue.services(EPCI_A)))[0].code;
    // The cap and one more, all final (no live key), with a deadline on one in ten: the rows the repository's
    // insert writes, a hundred to an INSERT with the command path's plain SQL (TypeORM's conversions of each
    // value, plain-sql.ts), in one transaction: ten thousand INSERTs through the query builder took seconds.
    const rows: Adhesion[] = [];
    for (let i = 0; i <= LIST_COUNT_CAP; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      rows.push({
        ...adhesion(`ad-${String(i).padStart(5, '0')}`, '01001', EPCI_A, code, 'withdrawn', i % 10 === 0 ? { nextDeadlineAt: at, nextDeadlineKind: 'X' } : {}),
        liveKey: null,
        updatedAt: at,
      });
    }
    await ds.transaction((m) => insertRows(m, AdhesionEntity, rows as Array<Partial<AdhesionEntity>>));
    await uow.write((r) => r.adhesions.insert({ ...adhesion('ad-active', '01002', EPCI_A, code, 'active'), updatedAt: '2026-06-01T00:00:00.000Z' }));
    await ds.query(kind === 'postgres' ? 'ANALYZE adhesion' : 'ANALYZE');
  }, 120_000);
  afterAll(() => closeAndDrop(db, ds));

  const list = (query: object) => uow.read((r) => r.adhesions.list(Scope.everything, { page: 1, pageSize: 50, sort: 'nextDeadline', ...query }));

  it('stops counting at the cap and says so; a filter under the cap is counted exactly', async () => {
    const all = await list({});
    expect(all).toMatchObject({ total: LIST_COUNT_CAP, totalCapped: true });
    expect(all.items).toHaveLength(50);
    // Deadlines first, in order, the rows without one after them.
    expect(all.items[0].adhesion.id).toBe('ad-00000');
    expect(all.items[1].adhesion.id).toBe('ad-00010');

    const active = await list({ state: 'active' });
    expect(active.total).toBe(1);
    expect(active.totalCapped).toBeUndefined();
    expect((await list({ sort: '-updatedAt', page: 2 })).items[0].adhesion.id).toBe(`ad-${String(LIST_COUNT_CAP - 49).padStart(5, '0')}`);
  });

  it('orders the lists through the indexes, and down() takes them back', async () => {
    const pg = kind === 'postgres';
    expect(await plan(ds!, byUpdate(pg))).toMatch(/adhesion_updated/);
    // PostgreSQL reads the deadline order of a state's list from an index, without a sort. (SQLite, whose
    // lists are an EPCI's, filters by the index and sorts: its NULLS LAST ascending is not an index order.)
    if (pg) expect(await plan(ds!, byDeadlineInState(pg))).not.toMatch(/Sort/);
    else expect(await plan(ds!, byDeadlineInState(pg))).toMatch(/adhesion_state_deadline/);

    await ds!.undoLastMigration({ transaction: 'each' });
    expect(await plan(ds!, byUpdate(pg))).not.toMatch(/adhesion_updated/);
    await ds!.runMigrations({ transaction: 'each' });
    expect(await plan(ds!, byUpdate(pg))).toMatch(/adhesion_updated/);
  });
});
