// Reading: lists filtered, paginated and sorted within the caller's scope; the catalogue; estimates by keys;
// logging in by bearer token or browser cookie, rate-limited.
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { bearer, DEMO, passwordOf, startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('reading and logging in, on %s', (kind) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // The demo accounts log in at start; then a cookie login and two refusals fit, and the next attempts do not.
    t = await startTestApp(kind, { LOGIN_RATE_LIMIT: String(Object.keys(DEMO).length + 3) });
    for (const [account, insee, service] of [
      ['avrille', '49015', 'ADS'],
      ['avrille', '49015', 'PAIE'],
      ['trelaze', '49353', 'ADS'],
      ['trelaze', '49353', 'RGPD'],
      ['avrille', '49015', 'RGPD'],
    ] as const) {
      t.clock.advance(60_000);
      const res = await t.http.post('/api/adhesions').set(bearer(t, account)).send({ communeInsee: insee, serviceCode: service, forecastUnits: 10 }).expect(201);
      ids[`${insee}:${service}`] = res.body.id;
    }
    await t.http.post(`/api/adhesions/${ids['49015:ADS']}/events`).set(bearer(t, 'avrille')).send({ type: 'SUBMIT' }).expect(200);
  });
  afterAll(() => t?.close());

  it('filters by state, commune and service, and paginates in a stable order', async () => {
    const drafts = await t.http.get('/api/adhesions').query({ state: 'draft' }).set(bearer(t, 'dgs')).expect(200);
    expect(drafts.body.total).toBe(4);
    const ads = await t.http.get('/api/adhesions').query({ service: 'ADS', sort: '-createdAt' }).set(bearer(t, 'dgs')).expect(200);
    expect(ads.body.items.map((a: { id: string }) => a.id)).toEqual([ids['49353:ADS'], ids['49015:ADS']]);
    const page1 = await t.http.get('/api/adhesions').query({ pageSize: 2, page: 1, sort: 'createdAt' }).set(bearer(t, 'dgs')).expect(200);
    const page3 = await t.http.get('/api/adhesions').query({ pageSize: 2, page: 3, sort: 'createdAt' }).set(bearer(t, 'dgs')).expect(200);
    expect(page1.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(page1.body.items).toHaveLength(2);
    expect(page3.body.items).toHaveLength(1);
    const mine = await t.http.get('/api/adhesions').set(bearer(t, 'trelaze')).expect(200);
    expect(new Set(mine.body.items.map((a: { commune: { insee: string } }) => a.commune.insee))).toEqual(new Set(['49353']));
    const bad = await t.http.get('/api/adhesions').query({ state: 'limbo' }).set(bearer(t, 'dgs')).expect(400);
    expect(bad.body.issues[0]).toMatchObject({ field: 'state', code: 'invalid_value' });
  });

  it('pages by cursor: the same rows as the pages by number, a bad cursor a 400 in French, and the Scope still applies', async () => {
    const get = (account: 'dgs' | 'admin' | 'trelaze', query: Record<string, unknown>) => t.http.get('/api/adhesions').query(query).set(bearer(t, account));
    const ids = (body: { items: Array<{ id: string }> }) => body.items.map((a) => a.id);
    const all = await get('dgs', { sort: '-updatedAt', pageSize: 200 }).expect(200);
    expect(all.body.nextCursor).toBeNull();
    const walked: string[] = [];
    let res = await get('dgs', { sort: '-updatedAt', pageSize: 2 }).expect(200);
    const pages = [res.body.page];
    const totals = [res.body.total];
    walked.push(...ids(res.body));
    while (res.body.nextCursor) {
      expect(typeof res.body.nextCursor).toBe('string');
      res = await get('dgs', { sort: '-updatedAt', pageSize: 2, after: res.body.nextCursor }).expect(200);
      pages.push(res.body.page);
      totals.push(res.body.total);
      walked.push(...ids(res.body));
    }
    expect(walked).toEqual(ids(all.body));
    expect(pages).toEqual([1, 2, 3]);
    // Every page by cursor says the total its walk began with (counted by the first page only).
    expect(totals).toEqual([5, 5, 5]);
    expect(res.body).toMatchObject({ total: 5, pageSize: 2 });
    expect(res.body.totalCapped).toBeUndefined();
    const second = await get('dgs', { sort: '-updatedAt', pageSize: 2, page: 2 }).expect(200);
    expect(second.body.nextCursor).toEqual(expect.any(String));

    // Malformed, altered, of another sort, or with a page number: a 400 with a stable code, never a 500.
    // A cursor whose count was edited to something no count is: refused like any altered cursor.
    const edited = (change: (parts: unknown[]) => void) => {
      const parts = JSON.parse(Buffer.from(second.body.nextCursor, 'base64url').toString('utf8')) as unknown[];
      change(parts);
      return Buffer.from(JSON.stringify(parts)).toString('base64url');
    };
    expect((await get('dgs', { sort: '-updatedAt', after: edited(() => undefined) }).expect(200)).body.total).toBe(5);
    for (const query of [
      { sort: '-updatedAt', after: edited((p) => (p[5] = -1)) },
      { sort: '-updatedAt', after: edited((p) => (p[5] = 4.5)) },
      { sort: '-updatedAt', after: edited((p) => (p[6] = true)) },
      { sort: '-updatedAt', after: 'pas-un-curseur' },
      { sort: '-updatedAt', after: `${second.body.nextCursor}x` },
      { sort: '-updatedAt', after: 'a'.repeat(2_000) },
      { sort: 'updatedAt', after: second.body.nextCursor },
    ]) {
      const bad = await get('dgs', query);
      expect(bad.status).toBe(400);
      if (query.after.length < 1_000) expect(bad.body).toMatchObject({ code: 'invalid_cursor', message: expect.stringContaining('Le curseur de pagination est invalide') });
    }
    const both = await get('dgs', { sort: '-updatedAt', after: second.body.nextCursor, page: 2 }).expect(400);
    expect(both.body).toMatchObject({ code: 'invalid_input', issues: [{ field: 'page', code: 'page_with_cursor', message: expect.stringContaining('pas les deux') }] });

    // The admin's cursor in Trélazé's secretary's hands: the rows after it in her own commune, nothing else.
    const national = await get('admin', { sort: 'createdAt', pageSize: 1 }).expect(200);
    const hers = await get('trelaze', { sort: 'createdAt', pageSize: 50, after: national.body.nextCursor }).expect(200);
    expect(hers.body.items.length).toBeGreaterThan(0);
    // Her total is her list's, counted for her: the cursor's was the admin's, of another list.
    const herList = await get('trelaze', { sort: 'createdAt' }).expect(200);
    expect(national.body.total).toBeGreaterThan(herList.body.total);
    expect(hers.body.total).toBe(herList.body.total);
    expect(new Set(hers.body.items.map((a: { commune: { insee: string } }) => a.commune.insee))).toEqual(new Set(['49353']));
  });

  it('lists the catalogue with this year’s unit costs and the caller’s communes', async () => {
    const services = await t.http.get('/api/services').set(bearer(t, 'avrille')).expect(200);
    expect(services.body.find((s: { code: string }) => s.code === 'ADS')).toMatchObject({ year: 2026, unitCostCents: expect.any(Number), pole: 'urbanisme' });
    const communes = await t.http.get('/api/communes').query({ pageSize: 500 }).set(bearer(t, 'dgs')).expect(200);
    expect(communes.body.total).toBe(29);
    const angers = await t.http.get('/api/communes/49007').set(bearer(t, 'dgs')).expect(200);
    expect(angers.body).toMatchObject({ name: 'Angers', epci: { siren: '244900015' } });
  });

  it('splits a service shared by keys between its members, to the cent', async () => {
    const res = await t.http.get(`/api/adhesions/${ids['49015:RGPD']}/estimate`).set(bearer(t, 'avrille')).expect(200);
    expect(res.body).toMatchObject({ costModel: 'keys', keyBasis: 'population', available: true });
    // Only active members and the adhesion itself share: here Avrillé alone carries the total.
    expect(res.body.shares).toHaveLength(1);
    expect(res.body.annualAmountCents).toBe(res.body.totalCostCents);
  });

  it('accepts the browser’s httpOnly cookie as well as the bearer token, and logs out', async () => {
    const login = await t.http.post('/api/auth/login').send({ email: 'dgs@angersloiremetropole.fr', password: passwordOf(t, 'dgs') }).expect(200);
    const cookie = login.headers['set-cookie'][0] as string;
    expect(cookie).toMatch(/^alacarte_token=.+HttpOnly/);
    const me = await t.http.get('/api/auth/me').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(me.body).toMatchObject({ role: 'dgs', epciSiren: '244900015' });
    expect(me.body.passwordHash).toBeUndefined();
  });

  it('refuses a wrong password without saying which part was wrong, then rate-limits', async () => {
    const wrong = await t.http.post('/api/auth/login').send({ email: 'dgs@angersloiremetropole.fr', password: 'nope' }).expect(401);
    const unknown = await t.http.post('/api/auth/login').send({ email: 'nobody@nowhere.fr', password: 'nope' }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ code: 'invalid_credentials', message: 'Adresse électronique ou mot de passe incorrect.' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.http.post('/api/auth/login').send({ email: 'x@y.fr', password: 'z' })).status);
    expect(statuses).toContain(429);
    const limited = await t.http.post('/api/auth/login').send({ email: 'x@y.fr', password: 'z' }).expect(429);
    expect(limited.body.code).toBe('too_many_requests');
  });
});
