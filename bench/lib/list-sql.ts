// The list queries at scale, as the api runs them and as proposed, timed on the database itself: the SQL
// of AdhesionQueries.list is captured from TypeORM's logger (exactly what the api sends), then compared
// with a rewrite (summary columns only, an index-friendly ORDER BY … NULLS LAST, a capped count) with and
// without the proposed indexes. Each proposal is checked to return the same rows in the same order.
import { type DataSource, DataSource as TypeOrmDataSource, type Logger } from 'typeorm';
import { AdhesionQueries, ManualClock, type Actor } from '#application';
import { dataSourceOptions, type DatabaseConfig, TypeOrmUnitOfWork } from '#persistence';
import { median } from './stats.js';

export interface ListSpec {
  label: string;
  actor: Actor;
  query: Record<string, string>;
}

export interface ListSqlFigure {
  label: string;
  total: number;
  asIsMs: number;
  proposedMs: number;
  proposedIndexedMs: number;
  sameRows: boolean;
}

/**
 * The indexes the rewrite is built for: every list filter followed by the sort, with the id as tie-break.
 * PostgreSQL puts NULLs first in a DESC index unless told; SQLite sorts them first ascending, so last in DESC.
 */
export function proposedIndexes(pg: boolean): string[] {
  return [
    'CREATE INDEX bench_adhesion_deadline_id ON adhesion (next_deadline_at, id)',
    'CREATE INDEX bench_adhesion_state_deadline ON adhesion (state, next_deadline_at, id)',
    'CREATE INDEX bench_adhesion_service_state_deadline ON adhesion (service_code, state, next_deadline_at, id)',
    'CREATE INDEX bench_adhesion_epci_deadline ON adhesion (epci_siren, next_deadline_at, id)',
    'CREATE INDEX bench_adhesion_commune_deadline ON adhesion (commune_insee, next_deadline_at, id)',
    `CREATE INDEX bench_adhesion_updated ON adhesion (updated_at DESC${pg ? ' NULLS LAST' : ''}, id)`,
  ];
}
const COUNT_CAP = 10_000;

class Capture implements Logger {
  queries: Array<{ sql: string; params: unknown[] }> = [];
  logQuery(query: string, parameters?: unknown[]) {
    this.queries.push({ sql: query, params: parameters ?? [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

async function timeQuery(ds: DataSource, sql: string, params: unknown[], times = 5): Promise<{ ms: number; rows: Array<Record<string, unknown>> }> {
  let rows = (await ds.query(sql, params)) as Array<Record<string, unknown>>; // warm-up
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    rows = (await ds.query(sql, params)) as Array<Record<string, unknown>>;
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), rows };
}

/** The proposed SQL for one list request: same filters and order, summary columns, NULLS LAST, capped count. */
function proposedSql(spec: ListSpec, pg: boolean): { count: string; page: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => (params.push(value), pg ? `$${params.length}` : '?');
  const where: string[] = [];
  const a = spec.actor;
  if (a.role === 'secretary') where.push(`a.commune_insee = ${p(a.communeInsee)}`);
  if (a.role === 'dgs') where.push(`a.epci_siren = ${p(a.epciSiren)}`);
  const q = spec.query;
  if (q.state) where.push(`a.state = ${p(q.state)}`);
  if (q.commune) where.push(`a.commune_insee = ${p(q.commune)}`);
  if (q.service) where.push(`a.service_code = ${p(q.service)}`);
  if (q.deadlineBefore) where.push(`a.next_deadline_at IS NOT NULL AND a.next_deadline_at < ${p(q.deadlineBefore.length === 10 ? `${q.deadlineBefore}T00:00:00.000Z` : q.deadlineBefore)}`);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const sort = q.sort ?? 'nextDeadline';
  const column = { nextDeadline: 'a.next_deadline_at', updatedAt: 'a.updated_at', createdAt: 'a.created_at' }[sort.replace('-', '') as 'nextDeadline'];
  const order = `${column} ${sort.startsWith('-') ? 'DESC' : 'ASC'} NULLS LAST, a.id ASC`;
  const pageSize = Number(q.pageSize ?? 50);
  const offset = (Number(q.page ?? 1) - 1) * pageSize;
  const countParams = params.length;
  return {
    count: `SELECT count(*) AS n FROM (SELECT 1 FROM adhesion a ${filter} LIMIT ${COUNT_CAP + 1}) capped`,
    page: `SELECT a.id, a.version, a.commune_insee, a.epci_siren, a.service_code, a.state, a.state_detail, a.next_deadline_at, a.next_deadline_kind,
             a.next_deadline_cycle, a.forecast_units, a.contract_year, a.start_date, a.updated_at,
             c.name AS commune_name, s.name AS service_name, s.pole AS service_pole
           FROM adhesion a JOIN service s ON s.epci_siren = a.epci_siren AND s.code = a.service_code JOIN commune c ON c.insee = a.commune_insee
           ${filter} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset}`,
    params: params.slice(0, countParams),
  };
}

export async function listSqlDiagnostics(config: DatabaseConfig, dataSource: DataSource, specs: ListSpec[]): Promise<ListSqlFigure[]> {
  const pg = config.type === 'postgres';
  const capture = new Capture();
  const logged = new TypeOrmDataSource({ ...dataSourceOptions(config), logging: ['query'], logger: capture } as never);
  await logged.initialize();
  const queries = new AdhesionQueries(new TypeOrmUnitOfWork(logged), new ManualClock(new Date('2026-10-03T07:30:00Z')));
  const out: ListSqlFigure[] = [];
  try {
    const asIs: Array<{ spec: ListSpec; total: number; ms: number; ids: string[] }> = [];
    for (const spec of specs) {
      capture.queries = [];
      const page = await queries.list(spec.actor, spec.query);
      const sent = capture.queries.filter((q) => /^\s*SELECT/i.test(q.sql));
      let ms = 0;
      for (const q of sent) ms += (await timeQuery(dataSource, q.sql, q.params)).ms;
      asIs.push({ spec, total: page.total, ms, ids: page.items.map((i) => i.id) });
    }
    const proposed = async () => {
      const result: Array<{ ms: number; ids: string[] }> = [];
      for (const spec of specs) {
        const sql = proposedSql(spec, pg);
        const count = await timeQuery(dataSource, sql.count, sql.params);
        const page = await timeQuery(dataSource, sql.page, sql.params);
        result.push({ ms: count.ms + page.ms, ids: page.rows.map((r) => String(r.id)) });
      }
      return result;
    };
    const plain = await proposed();
    for (const index of proposedIndexes(pg)) await dataSource.query(index);
    await dataSource.query('ANALYZE adhesion');
    const indexed = await proposed();
    for (const index of proposedIndexes(pg)) await dataSource.query(`DROP INDEX ${index.split(' ')[2]}`);
    await dataSource.query('ANALYZE adhesion');
    asIs.forEach((a, i) =>
      out.push({
        label: a.spec.label,
        total: a.total,
        asIsMs: a.ms,
        proposedMs: plain[i].ms,
        proposedIndexedMs: indexed[i].ms,
        sameRows: JSON.stringify(a.ids) === JSON.stringify(plain[i].ids) && JSON.stringify(a.ids) === JSON.stringify(indexed[i].ids),
      }),
    );
  } finally {
    await logged.destroy();
  }
  return out;
}

/** One statement a list request sends, timed on the database alone (median of 5). */
export interface StatementFigure {
  kind: 'count' | 'page';
  ms: number;
}

/**
 * P4's keyset against the offset, statement by statement: the SQL that AdhesionQueries.list sends for page 100
 * of a list by number (the capped count and the page), then for the same page after the cursor that page 99 ends
 * with (the page alone: the cursor carries the count of the page it came from, so no count runs). Each is timed
 * on the database alone, so the count and the page are told apart; both answers are checked to be the same rows.
 */
export async function keysetSqlDiagnostics(
  config: DatabaseConfig,
  dataSource: DataSource,
  actor: Actor,
  query: Record<string, string>,
): Promise<{ offset: StatementFigure[]; cursor: StatementFigure[]; sameRows: boolean } | null> {
  const capture = new Capture();
  const logged = new TypeOrmDataSource({ ...dataSourceOptions(config), logging: ['query'], logger: capture } as never);
  await logged.initialize();
  const queries = new AdhesionQueries(new TypeOrmUnitOfWork(logged), new ManualClock(new Date('2026-10-03T07:30:00Z')));
  const timed = async () => {
    const out: StatementFigure[] = [];
    for (const q of capture.queries.filter((q) => /^\s*SELECT/i.test(q.sql))) {
      out.push({ kind: /count\(\*\)/i.test(q.sql) ? 'count' : 'page', ms: (await timeQuery(dataSource, q.sql, q.params)).ms });
    }
    return out;
  };
  try {
    const page = Number(query.page ?? 100);
    const before = await queries.list(actor, { ...query, page: String(page - 1) });
    if (!before.nextCursor) return null;
    capture.queries = [];
    const byNumber = await queries.list(actor, { ...query, page: String(page) });
    const offset = await timed();
    capture.queries = [];
    const { page: _page, ...rest } = query;
    const byCursor = await queries.list(actor, { ...rest, after: before.nextCursor });
    const cursor = await timed();
    const ids = (p: { items: Array<{ id: string }> }) => JSON.stringify(p.items.map((i) => i.id));
    return { offset, cursor, sameRows: ids(byNumber) === ids(byCursor) };
  } finally {
    await logged.destroy();
  }
}
