// The migration that stores calendar tokens as their SHA-256 (1764240000000), proved on both databases: a
// scratch database per test, brought to the schema just before the migration, given users whose tokens are in
// clear (as the feed URLs handed out before it), then migrated. Each token must become its hash, a NULL must stay
// NULL, and the feed must still open, by the clear token of the URL, the calendar of the same user. down() cannot
// turn a hash back into a token: it empties them all, and the old URLs stop working.
import { createHash, randomBytes } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { NotFound } from '#workflow';
import { CalendarQueries } from '../../application/src/calendar/calendar.queries.js';
import { calendarTokenHash } from '../../application/src/calendar/rotate-calendar-token/rotate-calendar-token.usecase.js';
import { ManualClock } from '../../application/src/common/clock.js';
import { DATABASE_KINDS, type DatabaseKind, type TestDatabase } from '../../../test/support/databases.js';
import { CalendarTokenHash1764240000000 } from '../src/migrations/1764240000000-calendar-token-hash.js';
import { TypeOrmUnitOfWork } from '../src/typeorm-unit-of-work.js';
import { activeAdhesionRow, closeAndDrop, databaseFilledBefore, insert, insertEpci, migrationsRun, type Row } from './support/migration-database.js';

const EPCI_A = '200000001';
const EPCI_B = '200000002';
const PUBLIC_URL = 'https://alacarte.example.test';

// Feed tokens as RotateCalendarTokenUseCase hands them out: 24 random bytes in hex (48 characters).
const TOKEN_A = randomBytes(24).toString('hex');
const TOKEN_B = randomBytes(24).toString('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
// A value that is already a hash (64 hex characters): the migration leaves it as it is.
const ALREADY_HASHED = sha256('a token given out after the change');

/** Two EPCIs, each with a commune, a service, an adhesion whose anniversary is in the feed's window, and a DGS. */
async function fillTheOldWay(ds: DataSource): Promise<void> {
  for (const [epci, insee, commune, token, dgs] of [
    [EPCI_A, '01001', 'Ambérieu', TOKEN_A, 'u-dgs-a'],
    [EPCI_B, '02001', 'Laon', TOKEN_B, 'u-dgs-b'],
  ] as const) {
    await insertEpci(ds, { siren: epci, name: `CC ${commune}` }, { communes: [{ insee, name: commune }] });
    await insert(
      ds,
      'adhesion',
      activeAdhesionRow({
        id: `00000000-0000-4000-8000-00000000000${epci === EPCI_A ? 1 : 2}`,
        commune_insee: insee,
        epci_siren: epci,
        service_code: 'ADS',
        anniversary_on: '2026-09-01',
        created_at: '2025-09-01T00:00:00.000Z',
        updated_at: '2025-09-01T00:00:00.000Z',
      }),
    );
    await insert(ds, 'app_user', user(dgs, 'dgs', epci, token));
  }
  await insert(ds, 'app_user', user('u-admin', 'admin', null, null));
  await insert(ds, 'app_user', user('u-agent-a', 'agent', EPCI_A, ALREADY_HASHED));
}

function user(id: string, role: string, epci: string | null, calendarToken: string | null): Row {
  return {
    id,
    email: `${id}@example.test`,
    display_name: id,
    password_hash: 'x',
    role,
    commune_insee: null,
    epci_siren: epci,
    pole: role === 'agent' ? 'urbanisme' : null,
    created_at: '2025-01-01T00:00:00.000Z',
    calendar_token: calendarToken,
  };
}

async function tokens(ds: DataSource): Promise<Record<string, string | null>> {
  const rows: Array<{ id: string; calendar_token: string | null }> = await ds.query(`SELECT id, calendar_token FROM app_user ORDER BY id`);
  return Object.fromEntries(rows.map((r) => [r.id, r.calendar_token]));
}

describe.each(DATABASE_KINDS)('CalendarTokenHash1764240000000 on %s', (kind: DatabaseKind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => {
    ({ db, ds } = await databaseFilledBefore(kind, CalendarTokenHash1764240000000, fillTheOldWay));
  });

  afterEach(() => closeAndDrop(db, ds));

  /** The feed, as GET /api/calendar/<token>.ics asks for it: by the clear token of the URL. */
  function feed(token: string): Promise<string> {
    return new CalendarQueries(new TypeOrmUnitOfWork(ds), new ManualClock(new Date('2026-06-01T08:00:00.000Z'))).feed(token, PUBLIC_URL);
  }

  const byCalendarToken = (hash: string) => new TypeOrmUnitOfWork(ds).read((r) => r.users.byCalendarToken(hash));

  it('replaces each clear token by its SHA-256, keeps NULL and existing hashes, and the URLs already handed out keep working', async () => {
    // Before: the tokens are in clear, and the feed (which now hashes its token) does not find them.
    expect(await tokens(ds)).toEqual({ 'u-admin': null, 'u-agent-a': ALREADY_HASHED, 'u-dgs-a': TOKEN_A, 'u-dgs-b': TOKEN_B });
    await expect(feed(TOKEN_A)).rejects.toThrow(NotFound);

    const ran = await ds.runMigrations({ transaction: 'each' });

    expect(ran.map((m) => m.name)).toEqual(['CalendarTokenHash1764240000000']);
    const after = await tokens(ds);
    expect(after).toEqual({ 'u-admin': null, 'u-agent-a': ALREADY_HASHED, 'u-dgs-a': sha256(TOKEN_A), 'u-dgs-b': sha256(TOKEN_B) });
    // The same hash as the application computes for a lookup (64 hex characters, the column's width).
    expect(after['u-dgs-a']).toBe(calendarTokenHash(TOKEN_A));
    expect(after['u-dgs-a']).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.values(after)).not.toContain(TOKEN_A);
    expect(Object.values(after)).not.toContain(TOKEN_B);

    // The repository finds each user by the hash of the clear token, no longer by the clear token.
    expect(await byCalendarToken(calendarTokenHash(TOKEN_A))).toMatchObject({ id: 'u-dgs-a', role: 'dgs', epciSiren: EPCI_A });
    expect(await byCalendarToken(calendarTokenHash(TOKEN_B))).toMatchObject({ id: 'u-dgs-b', role: 'dgs', epciSiren: EPCI_B });
    expect(await byCalendarToken(TOKEN_A)).toBeNull();

    // The feed URL handed out before the migration opens its owner's calendar, and only it.
    const a = await feed(TOKEN_A);
    expect(a).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(a).toContain('(Ambérieu)');
    expect(a).not.toContain('Laon');
    const b = await feed(TOKEN_B);
    expect(b).toContain('(Laon)');
    expect(b).not.toContain('Ambérieu');
    // The stored hash is not a key to the feed.
    await expect(feed(sha256(TOKEN_A))).rejects.toThrow(NotFound);
  });

  it('runs again without hashing a hash', async () => {
    await ds.runMigrations({ transaction: 'each' });
    const once = await tokens(ds);

    // As if it ran a second time (its record lost): the 64-character hashes are left alone.
    const runner = ds.createQueryRunner();
    try {
      await new CalendarTokenHash1764240000000().up(runner);
    } finally {
      await runner.release();
    }

    expect(await tokens(ds)).toEqual(once);
    await expect(feed(TOKEN_A)).resolves.toContain('(Ambérieu)');
  });

  it('down() cannot restore the tokens: it empties them all, and the old URLs stop working', async () => {
    await ds.runMigrations({ transaction: 'each' });
    await expect(feed(TOKEN_A)).resolves.toContain('(Ambérieu)');

    await ds.undoLastMigration({ transaction: 'all' });

    expect(await tokens(ds)).toEqual({ 'u-admin': null, 'u-agent-a': null, 'u-dgs-a': null, 'u-dgs-b': null });
    expect(await migrationsRun(ds)).not.toContain('CalendarTokenHash1764240000000');
    await expect(feed(TOKEN_A)).rejects.toThrow(NotFound);
    await expect(feed(TOKEN_B)).rejects.toThrow(NotFound);

    // up() again on no token at all changes nothing.
    await ds.runMigrations({ transaction: 'each' });
    expect(await tokens(ds)).toEqual({ 'u-admin': null, 'u-agent-a': null, 'u-dgs-a': null, 'u-dgs-b': null });
  });
});
