// The adhesion list read by cursor (`nextCursor` → `?after=`), on the three stores a query may run on: the fast
// tier's memory, SQLite and PostgreSQL. Walking a list page by page by cursor gives exactly the rows of the one
// full list in its order, for every sort in both directions: NULL deadlines last, equal values broken by the id,
// a cursor whose value is NULL continuing among the NULLs. The same rows as the pages by number. A cursor
// never widens the Scope; a malformed, altered or other sort's cursor is an InvalidCursor (400), not a crash.
// Only the walk's first page counts the list: every page after a cursor answers with the total the cursor
// carries, without running the count (spied on the repositories and, on the databases, on the SQL sent).
// The conventions of a year, read page by page by id for the money reminders of every EPCI, make the one full list.
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { InvalidInput } from '#workflow';
import { type Actor } from '../../application/src/common/actor.js';
import { ManualClock } from '../../application/src/common/clock.js';
import { Scope } from '../../application/src/common/scope.js';
import { AdhesionQueries } from '../../application/src/adhesions/adhesion.queries.js';
import { encodeCursor, InvalidCursor, listKey } from '../../application/src/adhesions/list-cursor.js';
import { InMemoryAdhesionRepository } from '../../application/test/in-memory/in-memory-adhesion.repository.js';
import { TypeOrmAdhesionRepository } from '../src/repositories/typeorm-adhesion.repository.js';
import { ADHESION_LIST_FIELDS, ADHESION_SORTS, type Adhesion, type AdhesionListQuery, type AdhesionSort, UnitOfWork } from '../../application/src/ports/index.js';
import { openTwoEpciStore, STORE_KINDS, type TwoEpciStore } from './support/stores.js';
import { adhesion, EPCI_A, EPCI_B } from './support/two-epcis.js';

const KINDS = STORE_KINDS;

const COUNT = 57;
const COMMUNES = [
  ['01001', EPCI_A],
  ['01002', EPCI_A],
  ['02001', EPCI_B],
] as const;
/** Few distinct values, so that many rows share one: the id decides between them. */
const DEADLINES = ['2026-03-01T08:00:00.000Z', '2026-02-01T08:00:00.000Z', '2026-04-15T22:00:00.000Z', '2026-02-01T08:00:00.001Z'];
const UPDATES = ['2026-01-10T09:00:00.000Z', '2026-01-12T09:00:00.000Z', '2026-01-11T09:00:00.000Z', '2026-01-12T09:00:00.500Z', '2026-01-09T23:59:59.999Z'];
const CREATIONS = ['2026-01-02T09:00:00.000Z', '2026-01-01T09:00:00.000Z', '2026-01-03T09:00:00.000Z'];

/**
 * The i-th adhesion: ids in another order than the rows' (digits only, so that every collation orders them as
 * bytes), a deadline on two in three, and values repeated across rows.
 */
function nth(i: number, serviceCode: string): Adhesion {
  const [insee, epci] = COMMUNES[i % COMMUNES.length];
  return {
    ...adhesion(`k-${String((i * 37) % COUNT).padStart(3, '0')}`, insee, epci, serviceCode, i % 4 === 0 ? 'active' : 'withdrawn', {
      nextDeadlineAt: i % 3 === 0 ? null : DEADLINES[i % DEADLINES.length],
      nextDeadlineKind: i % 3 === 0 ? null : 'X',
      createdAt: CREATIONS[i % CREATIONS.length],
      updatedAt: UPDATES[i % UPDATES.length],
    }),
    liveKey: null,
  };
}

const FIELD = { nextDeadline: 'nextDeadlineAt', updatedAt: 'updatedAt', createdAt: 'createdAt' } as const;
const bytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The list's order, written out: the value (NULLs last in both directions), then the id ascending. */
function expectedOrder(rows: Adhesion[], sort: AdhesionSort): string[] {
  const field = FIELD[sort.replace('-', '') as keyof typeof FIELD];
  const descending = sort.startsWith('-');
  return [...rows]
    .sort((x, y) => {
      const a = x[field];
      const b = y[field];
      if (a === null || b === null) return a === b ? bytes(x.id, y.id) : a === null ? 1 : -1;
      return (descending ? bytes(b, a) : bytes(a, b)) || bytes(x.id, y.id);
    })
    .map((a) => a.id);
}

const admin: Actor = { userId: 'u-admin', role: 'admin', communeInsee: null, epciSiren: null, pole: null };
const secretary: Actor = { userId: 'u-sec', role: 'secretary', communeInsee: '01001', epciSiren: EPCI_A, pole: null };
const secretaryOfB: Actor = { userId: 'u-sec-b', role: 'secretary', communeInsee: '02001', epciSiren: EPCI_B, pole: null };

describe.each(KINDS)('the adhesion list by cursor, on %s', (kind) => {
  let uow: UnitOfWork;
  let dataSource: DataSource | undefined;
  let store: TwoEpciStore | undefined;
  let queries: AdhesionQueries;
  const rows: Adhesion[] = [];

  beforeAll(async () => {
    store = await openTwoEpciStore(kind);
    ({ uow, dataSource } = store);
    const code = (await uow.read((r) => r.catalogue.services(EPCI_A)))[0].code;
    for (let i = 0; i < COUNT; i++) rows.push(nth(i, code));
    await uow.write(async (r) => {
      for (const row of rows) await r.adhesions.insert(row);
    });
    queries = new AdhesionQueries(uow, new ManualClock(new Date('2026-01-20T10:00:00Z')));
  }, 60_000);

  afterAll(async () => {
    await store?.close();
  });

  /** Every page by cursor from the first: their ids, and the page numbers they said. */
  async function walk(actor: Actor, query: Record<string, unknown>, first: string | undefined = undefined) {
    const pages: string[][] = [];
    const numbers: number[] = [];
    const totals: Array<{ total: number; totalCapped?: boolean }> = [];
    let after = first;
    for (let guard = 0; guard < 100; guard++) {
      const page = await queries.list(actor, { ...query, pageSize: '10', ...(after ? { after } : {}) });
      pages.push(page.items.map((item) => item.id));
      numbers.push(page.page);
      totals.push({ total: page.total, ...(page.totalCapped !== undefined ? { totalCapped: page.totalCapped } : {}) });
      if (page.nextCursor === null) return { pages, numbers, totals };
      after = page.nextCursor;
    }
    throw new Error('the cursor walk does not end');
  }

  it.each(ADHESION_SORTS)('walks %s by cursor: the full list in its order, no row twice, none missing, the same as the pages by number', async (sort) => {
    const expected = expectedOrder(rows, sort);
    const full = await queries.list(admin, { sort, pageSize: '200' });
    expect(full.items.map((item) => item.id)).toEqual(expected);
    expect(full.nextCursor).toBeNull();

    const { pages, numbers, totals } = await walk(admin, { sort });
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 10, 7]);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(totals).toEqual(Array(6).fill({ total: COUNT }));
    expect(pages.flat()).toEqual(expected);

    const byNumber: string[] = [];
    for (let page = 1; page <= 6; page++) byNumber.push(...(await queries.list(admin, { sort, pageSize: '10', page: String(page) })).items.map((item) => item.id));
    expect(byNumber).toEqual(expected);
  });

  it('gives the pages by number of a scope and a filter as slices of its full list, an agent’s pole included, and nothing past its end', async () => {
    const code = rows[0].serviceCode;
    const pole = (await uow.read((r) => r.catalogue.services(EPCI_A))).find((s) => s.code === code)!.pole;
    const agent: Actor = { userId: 'u-agent', role: 'agent', communeInsee: null, epciSiren: EPCI_A, pole };
    const dgsOfB: Actor = { userId: 'u-dgs-b', role: 'dgs', communeInsee: null, epciSiren: EPCI_B, pole: null };
    const cases: Array<[Actor, Record<string, string>, (r: Adhesion) => boolean]> = [
      [secretary, { sort: '-updatedAt' }, (r) => r.communeInsee === '01001'],
      [agent, { sort: 'nextDeadline', state: 'withdrawn' }, (r) => r.epciSiren === EPCI_A && r.state === 'withdrawn'],
      [dgsOfB, { sort: 'createdAt' }, (r) => r.epciSiren === EPCI_B],
    ];
    for (const [actor, query, visible] of cases) {
      const expected = expectedOrder(rows.filter(visible), query.sort as AdhesionSort);
      expect(expected.length).toBeGreaterThan(7);
      const pages: string[][] = [];
      for (let page = 1; page <= Math.ceil(expected.length / 7) + 1; page++) {
        pages.push((await queries.list(actor, { ...query, pageSize: '7', page: String(page) })).items.map((item) => item.id));
      }
      expect(pages.at(-1)).toEqual([]);
      expect(pages.flat()).toEqual(expected);
    }
  });

  it('reads only the fields a list shows, never the snapshot, on every kind of page', async () => {
    const kinds: Array<Partial<AdhesionListQuery>> = [{ page: 1 }, { page: 3 }, { page: 1, after: { value: UPDATES[1], id: rows[0].id } }];
    for (const part of kinds) {
      const page = await uow.read((r) => r.adhesions.list(Scope.of(admin), { page: 1, pageSize: 5, sort: '-updatedAt', ...part }));
      expect(page.items.length).toBeGreaterThan(0);
      for (const item of page.items) {
        const full = rows.find((r) => r.id === item.adhesion.id)!;
        expect(item.adhesion).toMatchObject(Object.fromEntries(ADHESION_LIST_FIELDS.map((field) => [field, full[field]])));
        if (kind !== 'memory') expect(Object.keys(item.adhesion).sort()).toEqual([...ADHESION_LIST_FIELDS].sort());
      }
    }
  });

  it('continues among the rows without a deadline, by id, when the cursor stopped on one; the last page has no cursor', async () => {
    const withDeadline = rows.filter((r) => r.nextDeadlineAt !== null).length;
    expect(withDeadline % 10).not.toBe(0); // a page boundary falls among the NULLs, not at their start
    for (const sort of ['nextDeadline', '-nextDeadline'] as const) {
      const { pages } = await walk(admin, { sort });
      const ids = pages.flat();
      const nullIds = rows.filter((r) => r.nextDeadlineAt === null).map((r) => r.id).sort(bytes);
      expect(ids.slice(withDeadline)).toEqual(nullIds);
    }
    // A cursor on the very last row: an empty page, and no cursor.
    const last = expectedOrder(rows, 'nextDeadline').at(-1)!;
    const end = await queries.list(admin, {
      sort: 'nextDeadline',
      after: encodeCursor({ sort: 'nextDeadline', value: null, id: last, page: 7, counted: { total: COUNT, totalCapped: false }, list: listKey(Scope.of(admin), {}) }),
    });
    expect(end).toMatchObject({ items: [], nextCursor: null, page: 7, total: COUNT });
  });

  it('walks a filtered list the same way', async () => {
    const active = rows.filter((r) => r.state === 'active');
    const { pages, totals } = await walk(admin, { sort: '-updatedAt', state: 'active' });
    expect(pages.flat()).toEqual(expectedOrder(active, '-updatedAt'));
    expect(totals).toEqual(Array(pages.length).fill({ total: active.length }));
  });

  it('never shows more than the Scope: the admin’s cursor, sent by a secretary, gives the next rows of her commune only', async () => {
    const first = await queries.list(admin, { sort: 'nextDeadline', pageSize: '10' });
    const adminOrder = expectedOrder(rows, 'nextDeadline');
    const hers = new Set(rows.filter((r) => r.communeInsee === '01001').map((r) => r.id));
    const page = await queries.list(secretary, { sort: 'nextDeadline', pageSize: '10', after: first.nextCursor! });
    expect(page.items.every((item) => item.commune.insee === '01001')).toBe(true);
    expect(page.items.map((item) => item.id)).toEqual(adminOrder.slice(10).filter((id) => hers.has(id)).slice(0, 10));
    // The national count the cursor carries is not her list's: hers is counted, and her cursors carry it.
    expect(first.total).toBe(COUNT);
    expect(page.total).toBe(hers.size);
    // And her whole walk from it is her commune's rows past that place, nothing else.
    const { pages, totals } = await walk(secretary, { sort: 'nextDeadline' }, first.nextCursor!);
    expect(pages.flat()).toEqual(adminOrder.slice(10).filter((id) => hers.has(id)));
    expect(totals).toEqual(Array(pages.length).fill({ total: hers.size }));
    // Nor is a cursor of the active ones the count of the withdrawn ones.
    const active = await queries.list(admin, { sort: 'createdAt', pageSize: '10', state: 'active' });
    const withdrawn = await queries.list(admin, { sort: 'createdAt', pageSize: '10', state: 'withdrawn', after: active.nextCursor! });
    expect(withdrawn.total).toBe(rows.filter((r) => r.state === 'withdrawn').length);
  });

  it('refuses a malformed or altered cursor, a cursor of another sort, and a cursor with a page number', async () => {
    const { nextCursor } = await queries.list(admin, { sort: 'updatedAt', pageSize: '10' });
    const refused = async (query: Record<string, unknown>) => {
      const error = await queries.list(admin, query).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidCursor);
      expect((error as InvalidCursor).code).toBe('invalid_cursor');
    };
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const list = listKey(Scope.of(admin), {});
    /** A cursor as we write it, with one part replaced. */
    const cursor = (part: number, value: unknown) => {
      const parts: unknown[] = [2, 'updatedAt', '2026-01-01T00:00:00.000Z', 'k-001', 2, 57, false, list];
      parts[part] = value;
      return json(parts);
    };
    // The well-formed one is accepted, and its count answered as it is.
    expect(await queries.list(admin, { sort: 'updatedAt', after: cursor(5, 40) })).toMatchObject({ total: 40, page: 2 });
    expect(await queries.list(admin, { sort: 'updatedAt', after: cursor(5, 0) })).toMatchObject({ total: 0 });
    await refused({ sort: 'createdAt', after: nextCursor }); // another sort
    await refused({ sort: '-updatedAt', after: nextCursor }); // the other direction
    await refused({ after: nextCursor }); // the default sort, nextDeadline
    await refused({ sort: 'updatedAt', after: 'not a cursor!' });
    await refused({ sort: 'updatedAt', after: 'AAAA' });
    await refused({ sort: 'updatedAt', after: nextCursor!.slice(0, -3) });
    await refused({ sort: 'updatedAt', after: `${nextCursor}x` }); // Node would decode it as the cursor
    await refused({ sort: 'updatedAt', after: cursor(2, "2026-01-01' OR 1=1 --") });
    await refused({ sort: 'updatedAt', after: cursor(3, "k' OR '1'='1") });
    await refused({ sort: 'updatedAt', after: cursor(2, 42) });
    await refused({ sort: 'updatedAt', after: cursor(4, 0) });
    await refused({ sort: 'updatedAt', after: cursor(0, 3) }); // an unknown version
    await refused({ sort: 'updatedAt', after: json([1, 'updatedAt', '2026-01-01T00:00:00.000Z', 'k-001', 2]) }); // version 1, without a count
    await refused({ sort: 'updatedAt', after: json([2, 'updatedAt', '2026-01-01T00:00:00.000Z', 'k-001', 2]) }); // version 2 without its count
    // The count it carries: a whole number from 0 to the cap, capped only at the cap, of a list named as we name them.
    await refused({ sort: 'updatedAt', after: cursor(5, -1) });
    await refused({ sort: 'updatedAt', after: cursor(5, 2.5) });
    await refused({ sort: 'updatedAt', after: cursor(5, '57') });
    await refused({ sort: 'updatedAt', after: cursor(5, null) });
    await refused({ sort: 'updatedAt', after: cursor(5, 1e300) });
    await refused({ sort: 'updatedAt', after: cursor(5, 10_001) });
    await refused({ sort: 'updatedAt', after: cursor(6, 'false') });
    await refused({ sort: 'updatedAt', after: cursor(6, true) }); // capped below the cap
    await refused({ sort: 'updatedAt', after: cursor(7, 'x') });
    await refused({ sort: 'updatedAt', after: cursor(7, null) });
    await refused({ sort: 'updatedAt', after: json([...[2, 'updatedAt', '2026-01-01T00:00:00.000Z', 'k-001', 2, 57, false, list], 'more']) });
    await refused({ sort: 'updatedAt', after: json({ sort: 'updatedAt' }) });
    await refused({ sort: 'updatedAt', after: json(null) });
    // A cursor and a page number: one or the other.
    await expect(queries.list(admin, { sort: 'updatedAt', after: nextCursor, page: '3' })).rejects.toBeInstanceOf(InvalidInput);
  });

  it('counts the list for the page by number only: a page after a cursor runs no count, not even as SQL', async () => {
    const counts = jest.spyOn((kind === 'memory' ? InMemoryAdhesionRepository : TypeOrmAdhesionRepository).prototype, 'count');
    const statements: string[] = [];
    const logged = dataSource ? jest.spyOn(dataSource.logger, 'logQuery').mockImplementation((sql: string) => void statements.push(sql)) : undefined;
    const countStatements = () => statements.filter((sql) => /count\(/i.test(sql)).length;
    try {
      const first = await queries.list(admin, { sort: '-createdAt', pageSize: '10' });
      expect(counts).toHaveBeenCalledTimes(1);
      if (dataSource) expect(countStatements()).toBe(1); // the spy sees the SQL
      counts.mockClear();
      statements.length = 0;
      const { pages, totals } = await walk(admin, { sort: '-createdAt' }, first.nextCursor!);
      expect(pages.length).toBe(5);
      expect(totals).toEqual(Array(5).fill({ total: COUNT }));
      expect(counts).not.toHaveBeenCalled();
      if (dataSource) {
        expect(statements.length).toBeGreaterThanOrEqual(5); // the pages were read…
        expect(countStatements()).toBe(0); // …and nothing counted
      }
      // A page by number, deep or not, still counts; and its cursor carries what it counted.
      const third = await queries.list(admin, { sort: '-createdAt', pageSize: '10', page: '3' });
      expect(counts).toHaveBeenCalledTimes(1);
      counts.mockClear();
      expect((await queries.list(admin, { sort: '-createdAt', pageSize: '10', after: third.nextCursor! })).total).toBe(COUNT);
      expect(counts).not.toHaveBeenCalled();
    } finally {
      counts.mockRestore();
      logged?.mockRestore();
    }
  });

  it('reads the conventions of a year page by page by id: the pages make the whole list, in order, within the Scope', async () => {
    const code = rows[0].serviceCode;
    // In force by the end of 2026: active or ended since, started by then. Ids in another order than the rows'.
    const conventions = Array.from({ length: 9 }, (_, i) => ({
      ...adhesion(`c-${(i * 4) % 9}`, COMMUNES[i % 3][0], COMMUNES[i % 3][1], code, i === 7 ? 'withdrawn' : i % 3 === 2 ? 'ended' : 'active', {
        startDate: i === 8 ? '2027-01-01' : `2025-0${1 + i}-01`,
      }),
      liveKey: null,
    }));
    const inForce = conventions.filter((_, i) => i < 7).map((a) => a.id).sort(bytes);
    const rolledBack = new Error('rolled back');
    await expect(
      uow.write(async (r) => {
        for (const row of conventions) await r.adhesions.insert(row);
        const whole = (await r.adhesions.conventions(Scope.everything, { year: 2026 })).map((row) => row.adhesion.id);
        expect(whole).toEqual(inForce);
        const pages: string[][] = [];
        for (let after = ''; pages.length < 9; ) {
          const page = (await r.adhesions.conventions(Scope.everything, { year: 2026, after, limit: 2 })).map((row) => row.adhesion.id);
          if (page.length === 0) break;
          pages.push(page);
          after = page[page.length - 1];
        }
        expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
        expect(pages.flat()).toEqual(inForce);
        const ofB = (await r.adhesions.conventions(Scope.of(secretaryOfB), { year: 2026, after: inForce[0], limit: 9 })).map((row) => row.adhesion.id);
        expect(ofB).toEqual(conventions.filter((a, i) => i < 7 && a.communeInsee === '02001' && a.id > inForce[0]).map((a) => a.id).sort(bytes));
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });

  // Last: it adds rows.
  it('keeps the total of the walk’s start when rows are added during it; an added row past the cursor shows, one before it does not', async () => {
    const first = await queries.list(admin, { sort: 'createdAt', pageSize: '10' });
    expect(first.total).toBe(COUNT);
    const template = rows[0];
    const late = { ...template, id: 'k-late', createdAt: '2026-06-01T09:00:00.000Z' }; // after every row: on the last page
    const early = { ...template, id: 'k-early', createdAt: '2025-06-01T09:00:00.000Z' }; // before every row: page 1, already read
    await uow.write(async (r) => {
      await r.adhesions.insert(late);
      await r.adhesions.insert(early);
    });
    rows.push(late, early);
    const { pages, totals } = await walk(admin, { sort: 'createdAt' }, first.nextCursor!);
    const seen = [...first.items.map((item) => item.id), ...pages.flat()];
    expect(totals).toEqual(Array(pages.length).fill({ total: COUNT })); // not COUNT + 2: the count of the walk's start
    expect(seen.at(-1)).toBe('k-late');
    expect(seen).not.toContain('k-early');
    expect(seen.length).toBe(COUNT + 1);
    // A new walk counts again.
    expect((await queries.list(admin, { sort: 'createdAt', pageSize: '10' })).total).toBe(COUNT + 2);
  });
});
