// Concurrent writers get a 409, never a lost update, never a 500; the stored state always equals the
// replay of the audit trail. On SQLite this is what the write queue of UnitOfWork is for.
import { checkAgainstAuditTrail, UnitOfWork } from '#application';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('concurrent writers, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  async function submitted(insee: string, account: 'avrille' | 'trelaze', service: string) {
    const created = await t.http.post('/api/adhesions').set(bearer(t, account)).send({ communeInsee: insee, serviceCode: service, forecastUnits: 5 }).expect(201);
    await t.http.post(`/api/adhesions/${created.body.id}/events`).set(bearer(t, account)).set('If-Match', '1').send({ type: 'SUBMIT' }).expect(200);
    return created.body.id as string;
  }

  it('lets exactly one of 50 concurrent conflicting events win; the other 49 get a 409', async () => {
    const id = await submitted('49015', 'avrille', 'ADS');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.http
          .post(`/api/adhesions/${id}/events`)
          .set(bearer(t, 'dgs'))
          .set('If-Match', '2')
          .send(i % 2 ? { type: 'ACKNOWLEDGE' } : { type: 'DECLARE_INADMISSIBLE', reason: 'Hors du périmètre du service' }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.body.code).toMatch(/^(stale_version|transition_not_allowed)$/);
    const stored = await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'dgs')).expect(200);
    expect(stored.body.version).toBe(3);
    const checks = await t.app.get(UnitOfWork).read((r) => checkAgainstAuditTrail(r, [id]));
    expect(checks).toEqual([{ id, ok: true }]);
  });

  it('without If-Match, still applies one of the conflicting events and refuses the rest', async () => {
    const id = await submitted('49353', 'trelaze', 'ADS');
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, 'dgs')).send({ type: 'ACKNOWLEDGE' })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(29);
  });

  it('keeps many adhesions moving in parallel with no 500 and no lost update', async () => {
    const services = ['PAIE', 'CARRIERES', 'RECRUTEMENT', 'ACHATS', 'ARCHIVES', 'RGPD'];
    const ids = await Promise.all(services.map((service) => submitted('49015', 'avrille', service)));
    // Everyone pushes every adhesion forward at once: acknowledge, ask a question, answer it.
    const round = async (account: 'dgs' | 'avrille', event: Record<string, unknown>) =>
      Promise.all(ids.flatMap((id) => Array.from({ length: 5 }, () => t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, account)).send(event))));
    const all = [
      ...(await round('dgs', { type: 'ACKNOWLEDGE' })),
      ...(await round('dgs', { type: 'REQUEST_INFO', question: 'Combien d’agents ?' })),
      ...(await round('avrille', { type: 'PROVIDE_INFO', answer: 'Douze.' })),
    ];
    expect(all.filter((r) => r.status >= 500)).toEqual([]);
    expect(all.filter((r) => r.status === 200)).toHaveLength(ids.length * 3);
    const checks = await t.app.get(UnitOfWork).read((r) => checkAgainstAuditTrail(r, ids));
    expect(checks.every((c) => c.ok)).toBe(true);
    for (const id of ids) {
      const res = await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille')).expect(200);
      expect(res.body).toMatchObject({ version: 5, stateDetail: [{ id: 'study.inProgress' }] });
    }
  });
});
