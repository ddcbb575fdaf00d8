// A secretary, the ADS agent and the DGS take an adhesion from draft to active over HTTP, on both databases.
import { checkAgainstAuditTrail, UnitOfWork } from '#application';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('the journey of a request to active, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  async function send(account: DemoAccount, id: string, version: number, event: Record<string, unknown>) {
    const res = await t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, account)).set('If-Match', String(version)).send(event);
    if (res.status !== 200) throw new Error(`${event.type} by ${account}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it.each([['commune first'], ['EPCI first']])('runs from draft to active, %s', async (order) => {
    const created = await t.http
      .post('/api/adhesions')
      .set(bearer(t, order === 'commune first' ? 'avrille' : 'trelaze'))
      .send({ communeInsee: order === 'commune first' ? '49015' : '49353', serviceCode: 'ADS', options: ['PC', 'DP'], forecastUnits: 40.5 })
      .expect(201);
    const secretary: DemoAccount = order === 'commune first' ? 'avrille' : 'trelaze';
    let a = created.body;
    expect(a).toMatchObject({ state: 'draft', version: 1, allowedActions: expect.arrayContaining([expect.objectContaining({ type: 'SUBMIT' })]) });

    expect(a).toMatchObject({ final: false, waitingFor: ['commune'], availableDocuments: [], proposalAmountCents: null });
    a = await send(secretary, a.id, a.version, { type: 'SUBMIT' });
    expect(a.waitingFor).toEqual(['epci']);
    a = await send('dgs', a.id, a.version, { type: 'ACKNOWLEDGE' });
    a = await send('agent', a.id, a.version, { type: 'REQUEST_INFO', question: 'Combien de permis de construire par an ?' });
    expect(a.stateDetail).toEqual([{ id: 'study.awaitingCommune', label: 'En attente de la commune' }]);
    a = await send(secretary, a.id, a.version, { type: 'PROVIDE_INFO', answer: 'Une quarantaine, et une dizaine de DP.' });
    a = await send('agent', a.id, a.version, { type: 'SUBMIT_STUDY', forecastUnits: 42.5, staffImpact: false, notes: 'Pas de transfert' });
    a = await send('dgs', a.id, a.version, { type: 'APPROVE_STUDY' });
    a = await send('dgs', a.id, a.version, { type: 'ISSUE_PROPOSAL', unitCostCents: 18_000, forecastUnits: 42.5, startDate: '2026-03-01', validUntil: '2026-02-15' });
    // The server decides what the UI shows: whose move it is, the documents of the step, the proposal's amount.
    expect(a).toMatchObject({
      waitingFor: ['commune'],
      proposalAmountCents: 765_000,
      availableDocuments: [
        { kind: 'convention', label: 'Projet de convention', url: `/api/adhesions/${a.id}/documents/convention.pdf` },
        { kind: 'proposal', label: 'Proposition', url: `/api/adhesions/${a.id}/documents/proposal.pdf` },
      ],
    });
    a = await send(secretary, a.id, a.version, { type: 'ACCEPT_PROPOSAL' });
    expect(a.state).toBe('deliberations');
    // ADS is a service commun (L5211-4-2): the comité social territorial gives its opinion on the convention and
    // its fiche d'impact before the councils, although the study found no staff affected.
    expect(a.waitingFor).toEqual(['epci']);
    a = await send('dgs', a.id, a.version, { type: 'RECORD_CST_OPINION', opinion: 'favourable', date: '2026-01-05' });
    expect(a.waitingFor).toEqual(['commune', 'epci']);
    const communeDelib = { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-2026-012', date: '2026-01-05' };
    const epciDelib = { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-2026-117', date: '2026-01-05' };
    if (order === 'commune first') {
      a = await send(secretary, a.id, a.version, communeDelib);
      expect(a.allowedActions).toEqual([]);
      a = await send('dgs', a.id, a.version, epciDelib);
    } else {
      a = await send('dgs', a.id, a.version, epciDelib);
      a = await send(secretary, a.id, a.version, communeDelib);
    }
    expect(a.state).toBe('signature');
    a = await send('dgs', a.id, a.version, { type: 'SIGN', signatoryName: 'Christophe Béchu', signatoryQuality: 'Président', date: '2026-01-05' });
    a = await send(secretary, a.id, a.version, { type: 'SIGN', signatoryName: 'Marie Dupont', signatoryQuality: 'Maire', date: '2026-01-05' });

    // ADS is a service commun: its yearly statement is the « bilan annuel » of its convention, not the D5211-16 « état annuel ».
    // The model deliberations stay available once in force: an avenant needs the councils again.
    expect(a.availableDocuments.map((d: { label: string }) => d.label)).toEqual([
      'Convention',
      'Proposition',
      'Bilan annuel',
      'Modèle de délibération du conseil municipal',
      'Modèle de délibération du conseil communautaire',
    ]);
    expect(a).toMatchObject({
      state: 'active',
      final: false,
      waitingFor: [],
      // Signed on 5 January, in force from 1 March: not « Convention active » yet.
      stateLabel: 'Signée — en vigueur à compter du 1er mars 2026',
      contractYear: 1,
      startDate: '2026-03-01',
      nextDeadline: { kind: 'RENEWAL_WINDOW_OPENED', at: '2026-11-30T23:00:00.000Z', cycle: 1 },
    });
    const history = await t.http.get(`/api/adhesions/${a.id}/history`).set(bearer(t, secretary)).expect(200);
    expect(history.body.map((h: { event: string }) => h.event)).toEqual([
      'CREATED', 'SUBMIT', 'ACKNOWLEDGE', 'REQUEST_INFO', 'PROVIDE_INFO', 'SUBMIT_STUDY', 'APPROVE_STUDY', 'ISSUE_PROPOSAL', 'ACCEPT_PROPOSAL',
      'RECORD_CST_OPINION', 'RECORD_DELIBERATION', 'RECORD_DELIBERATION', 'SIGN', 'SIGN',
    ]);
    expect(history.body[1]).toMatchObject({ label: 'Déposer la demande', fromStateLabel: 'Brouillon', toStateLabel: 'Demande déposée', role: 'secretary' });
    const checks = await t.app.get(UnitOfWork).read((r) => checkAgainstAuditTrail(r, [a.id]));
    expect(checks).toEqual([{ id: a.id, ok: true }]);

    const estimate = await t.http.get(`/api/adhesions/${a.id}/estimate`).set(bearer(t, secretary)).expect(200);
    // The convention's cost until the EPCI notifies 2026's, for the 306 days from 1 March: 180,00 € × 42,5 × 306/365.
    expect(estimate.body).toMatchObject({ year: 2026, unitCostCents: 18_000, unitCostSource: 'convention_provisional', forecastUnits: 42.5, days: 306, daysInYear: 365, annualAmountCents: 641_342 });
  });

  it('refuses a second live adhesion for the same commune and service, and allows one after withdrawal', async () => {
    const body = { communeInsee: '49015', serviceCode: 'PAIE', options: [], forecastUnits: 120 };
    const first = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send(body).expect(201);
    const second = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send(body).expect(409);
    expect(second.body).toMatchObject({ code: 'adhesion_already_live', message: expect.stringContaining('existe déjà') });
    const withdrawn = await send('avrille', first.body.id, 1, { type: 'WITHDRAW', reason: 'Erreur de saisie' });
    expect(withdrawn).toMatchObject({ state: 'withdrawn', final: true, waitingFor: [], allowedActions: [] });
    await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send(body).expect(201);
  });

  it('answers an event the state refuses with 409 and the allowed events', async () => {
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ARCHIVES', forecastUnits: 3 }).expect(201);
    const res = await t.http.post(`/api/adhesions/${created.body.id}/events`).set(bearer(t, 'avrille')).send({ type: 'ACCEPT_PROPOSAL' }).expect(409);
    expect(res.body).toMatchObject({ code: 'transition_not_allowed', allowedEvents: ['SUBMIT', 'WITHDRAW'] });
    const stale = await t.http.post(`/api/adhesions/${created.body.id}/events`).set(bearer(t, 'avrille')).set('If-Match', '7').send({ type: 'SUBMIT' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'stale_version', currentVersion: 1 });
  });

  it('lets a secretary edit her draft, and only her draft', async () => {
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'trelaze')).send({ communeInsee: '49353', serviceCode: 'INFORMATIQUE', options: [], forecastUnits: 10 }).expect(201);
    const options = (await t.http.get('/api/services').set(bearer(t, 'trelaze')).expect(200)).body.find((s: { code: string }) => s.code === 'INFORMATIQUE').options.map((o: { code: string }) => o.code).slice(0, 2);
    const patched = await t.http.patch(`/api/adhesions/${created.body.id}`).set(bearer(t, 'trelaze')).set('If-Match', '1').send({ options, forecastUnits: 12.25 }).expect(200);
    expect(patched.body).toMatchObject({ version: 2, options, forecastUnits: 12.25 });
    await t.http.patch(`/api/adhesions/${created.body.id}`).set(bearer(t, 'avrille')).send({ forecastUnits: 1 }).expect(404);
    const unknown = await t.http.patch(`/api/adhesions/${created.body.id}`).set(bearer(t, 'trelaze')).send({ options: ['XX'] }).expect(400);
    expect(unknown.body.issues).toEqual([{ field: 'options.0', code: 'unknown_option', message: expect.any(String) }]);
  });
});
