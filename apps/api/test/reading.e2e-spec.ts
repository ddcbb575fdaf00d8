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
