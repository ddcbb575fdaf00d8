// Issue 12, smaller points: the manual clock does not go back past the latest stored event; idempotency
// answers are purged after their retention period; a PDF downloaded again within the hour adds no audit row;
// /health keeps the raw error text for the admin.
import { createHash } from 'node:crypto';
import { DocumentAuditEntity, IdempotencyKeyEntity, UnitOfWork, UserEntity } from '#persistence';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { activate, setClock } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('retention and the manual clock, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());
  const count = (entity: typeof IdempotencyKeyEntity | typeof DocumentAuditEntity) => t.app.get(UnitOfWork).read((m) => m.count(entity));

  it('refuses to set the clock back past the latest stored event, with a 409 and a French message', async () => {
    await t.http.post('/api/adhesions').set(bearer(t, 'trelaze')).send({ communeInsee: '49353', serviceCode: 'ADS', forecastUnits: 2 }).expect(201);
    const back = await t.http.post('/api/admin/clock').set(bearer(t, 'admin')).send({ now: '1970-01-01T00:00:00Z' });
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ code: 'clock_backwards', message: 'L’horloge ne peut pas revenir avant le dernier événement enregistré.', latestEventAt: expect.any(String) });
    expect(t.clock.now().toISOString()).toBe('2026-01-05T09:00:00.000Z');
    // Forward is fine.
    expect((await setClock(t, '2026-01-06T09:00:00Z')).now).toBe('2026-01-06T09:00:00.000Z');
  });

  it('purges the idempotency answers older than the retention period at the sweep', async () => {
    await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).set('Idempotency-Key', 'retention-1').send({ communeInsee: '49015', serviceCode: 'ADS', forecastUnits: 2 }).expect(201);
    expect(await count(IdempotencyKeyEntity)).toBeGreaterThan(0);
    await setClock(t, '2026-01-20T09:00:00Z');
    expect(await count(IdempotencyKeyEntity)).toBeGreaterThan(0);
    await setClock(t, '2026-03-01T09:00:00Z');
    expect(await count(IdempotencyKeyEntity)).toBe(0);
  });

  it('stores the calendar token as its SHA-256, and the feed URL still opens the feed', async () => {
    const { url } = (await t.http.post('/api/calendar/token').set(bearer(t, 'dgs')).expect((res) => expect(res.status).toBeLessThan(300))).body as { url: string };
    const token = /\/api\/calendar\/([0-9a-f]+)\.ics$/.exec(url)![1];
    const stored = await t.app.get(UnitOfWork).read((m) => m.find(UserEntity, { where: { email: 'dgs@angersloiremetropole.fr' } }));
    expect(stored[0].calendarToken).toBe(createHash('sha256').update(token).digest('hex'));
    const feed = await t.http.get(`/api/calendar/${token}.ics`);
    expect(feed.status).toBe(200);
    // The hash itself is not a key to the feed.
    expect((await t.http.get(`/api/calendar/${stored[0].calendarToken}.ics`)).status).toBe(404);
  });

  it('keeps one document audit row per adhesion, kind, actor and bytes in an hour', async () => {
    const id = await activate(t, 'avrille', 'PAIE', '2026-04-05');
    const download = (account: 'avrille' | 'dgs') => t.http.get(`/api/adhesions/${id}/documents/convention.pdf`).set(bearer(t, account)).expect(200);
    const before = await count(DocumentAuditEntity);
    await download('avrille');
    await download('avrille');
    await download('avrille');
    expect(await count(DocumentAuditEntity)).toBe(before + 1);
    await download('dgs');
    expect(await count(DocumentAuditEntity)).toBe(before + 2);
    t.clock.set(new Date(t.clock.now().getTime() + 3_600_000));
    await download('avrille');
    expect(await count(DocumentAuditEntity)).toBe(before + 3);
  });
});

describe('the health check with Redis away', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(DATABASE_KINDS[0], { REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t?.close());

  it('shows the raw error text to the admin only', async () => {
    const anonymous = (await t.http.get('/health').expect(200)).body;
    expect(anonymous).toMatchObject({ status: 'degraded', checks: { redis: { status: 'down', reason: 'unavailable' } } });
    const dgs = (await t.http.get('/health').set(bearer(t, 'dgs')).expect(200)).body;
    expect(dgs.checks.redis.reason).toBe('unavailable');
    const admin = (await t.http.get('/health').set(bearer(t, 'admin')).expect(200)).body;
    expect(admin.checks.redis).toMatchObject({ status: 'down', reason: expect.not.stringMatching(/^unavailable$/) });
  });
});
