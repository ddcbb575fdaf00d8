// Access to the routes added for time and the DGS's tools, role by role: the rules of access.e2e-spec.ts
// (scope on the server; another commune's or EPCI's data is "not found") hold here too.
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { activate } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

type Case = [DemoAccount | 'anonymous', 'get' | 'post' | 'patch' | 'put' | 'delete', string, number];

describe.each(DATABASE_KINDS)('access to the time and DGS routes, on %s', (kind) => {
  let t: TestApp;
  let avrille: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    avrille = await activate(t, 'avrille', 'ADS', '2026-03-01');
  });
  afterAll(() => t?.close());

  const cases = (): Case[] => [
    ['anonymous', 'get', '/api/inbox', 401],
    ['anonymous', 'get', '/api/notifications', 401],
    ['anonymous', 'get', '/api/reports/annual', 401],
    ['anonymous', 'post', '/api/admin/clock', 401],
    ['anonymous', 'get', `/api/adhesions/${avrille}/documents/convention.pdf`, 401],
    ['avrille', 'get', '/api/inbox', 200],
    ['agent', 'get', '/api/inbox', 200],
    ['dgs', 'get', '/api/inbox', 200],
    ['avrille', 'get', '/api/services/ADS/members', 200],
    ['dgs', 'get', '/api/services/NOPE/members', 404],
    ['avrille', 'patch', '/api/services/ADS', 403],
    ['agent', 'patch', '/api/services/ADS', 403],
    ['dgs', 'patch', '/api/services/ADS', 200],
    ['admin', 'patch', '/api/services/ADS', 400],
    ['admin', 'patch', '/api/services/ADS?epci=244900015', 200],
    ['saumurDgs', 'patch', '/api/services/ADS', 200],
    ['saumurDgs', 'put', '/api/services/ADS/unit-costs/2027', 200],
    ['saumurDgs', 'get', '/api/services/ADS/members', 200],
    ['saumurDgs', 'get', '/api/epcis/244900015', 404],
    ['saumurDgs', 'get', '/api/epcis/200071876', 200],
    ['doue', 'get', '/api/services/ADS/members', 200],
    ['doue', 'patch', '/api/services/ADS', 403],
    ['saumurDgs', 'get', `/api/adhesions/${avrille}`, 404],
    ['saumurDgs', 'get', `/api/adhesions/${avrille}/estimate`, 404],
    ['saumurDgs', 'get', `/api/adhesions/${avrille}/documents/convention.pdf`, 404],
    ['saumurDgs', 'post', `/api/adhesions/${avrille}/events`, 404],
    ['saumurDgs', 'get', '/api/inbox', 200],
    ['saumurDgs', 'get', '/api/reports/annual', 200],
    ['saumurDgs', 'get', '/api/calendar/events?from=2026-01-01&to=2026-12-31', 200],
    ['trelaze', 'put', '/api/services/ADS/unit-costs/2027', 403],
    ['dgs', 'put', '/api/services/ADS/unit-costs/2027', 200],
    ['avrille', 'get', '/api/reports/annual', 200],
    ['avrille', 'get', '/api/calendar/events?from=2026-01-01&to=2026-12-31', 200],
    ['avrille', 'post', '/api/calendar/token', 200],
    ['avrille', 'delete', '/api/calendar/token', 204],
    ['anonymous', 'get', '/api/calendar/0000000000000000000000000000000000000000000000aa.ics', 404],
    ['avrille', 'get', '/api/notifications', 200],
    ['avrille', 'post', '/api/notifications/read-all', 200],
    ['avrille', 'post', '/api/notifications/00000000-0000-4000-8000-000000000000/read', 404],
    ['avrille', 'post', '/api/admin/clock', 403],
    ['dgs', 'post', '/api/admin/clock', 403],
    ['admin', 'post', '/api/admin/clock', 200],
    ['avrille', 'get', `/api/adhesions/${avrille}/documents/convention.pdf`, 200],
    ['dgs', 'get', `/api/adhesions/${avrille}/documents/convention.pdf`, 200],
    ['trelaze', 'get', `/api/adhesions/${avrille}/documents/convention.pdf`, 404],
  ];

  const bodies: Record<string, unknown> = {
    '/api/services/ADS': { description: 'Instruction mutualisée des autorisations d’urbanisme.' },
    '/api/services/ADS?epci=244900015': { description: 'Instruction mutualisée des autorisations d’urbanisme.' },
    '/api/services/ADS/unit-costs/2027': { unitCostCents: 19_000 },
    '/api/admin/clock': { now: '2026-01-06T09:00:00Z' },
  };

  it('answers every role on every route as its scope says', async () => {
    const observed: Array<[string, string, string, number]> = [];
    for (const [account, method, path] of cases()) {
      let request = t.http[method](path);
      if (account !== 'anonymous') request = request.set(bearer(t, account));
      const response = await request.send((bodies[path] ?? {}) as object);
      observed.push([account, method.toUpperCase(), path, response.status]);
      if (response.status >= 400) expect(typeof response.body.code).toBe('string');
    }
    expect(observed).toEqual(cases().map(([account, method, path, expected]) => [account, method.toUpperCase(), path, expected]));
  });

  it('keeps each EPCI’s catalogue and costs its own: what Saumur’s DGS changes never reaches Angers', async () => {
    await t.http.put('/api/services/ADS/unit-costs/2026').set(bearer(t, 'saumurDgs')).send({ unitCostCents: 99_999_900 }).expect(200);
    await t.http.patch('/api/services/ADS').set(bearer(t, 'saumurDgs')).send({ name: 'ADS du Saumurois', reminderOffsets: [5] }).expect(200);
    const angers = await t.http.get('/api/services').set(bearer(t, 'dgs')).expect(200);
    const ads = angers.body.find((s: { code: string }) => s.code === 'ADS');
    expect(ads).toMatchObject({ epciSiren: '244900015', unitCostCents: 18_000, reminderOffsets: [90, 60, 30, 15, 7, 1] });
    expect(ads.name).not.toBe('ADS du Saumurois');
    const saumur = await t.http.get('/api/services').set(bearer(t, 'doue')).expect(200);
    expect(saumur.body.find((s: { code: string }) => s.code === 'ADS')).toMatchObject({ epciSiren: '200071876', name: 'ADS du Saumurois', unitCostCents: 99_999_900 });
    // Angers's conventions are estimated at Angers's cost.
    const estimate = await t.http.get(`/api/adhesions/${avrille}/estimate`).set(bearer(t, 'avrille')).expect(200);
    expect(estimate.body.unitCostCents).toBe(18_000);
    const members = await t.http.get('/api/services/ADS/members').set(bearer(t, 'saumurDgs')).expect(200);
    expect(members.body.members).toEqual([]);
  });

  it('shows a secretary only her commune in the reports and the members', async () => {
    await activate(t, 'trelaze', 'ADS', '2026-03-01');
    const members = await t.http.get('/api/services/ADS/members').set(bearer(t, 'avrille')).expect(200);
    expect(members.body.members.map((m: { communeInsee: string }) => m.communeInsee)).toEqual(['49015']);
    const all = await t.http.get('/api/services/ADS/members').set(bearer(t, 'dgs')).expect(200);
    expect(all.body.members.map((m: { communeInsee: string }) => m.communeInsee).sort()).toEqual(['49015', '49353']);
  });
});
