// Renewals and endings through the API, with the manual clock: a convention renewed at its term by a successor
// that starts the very day the old one ends (no gap), the EPCI declining a renewal, and a termination by mutual
// agreement. Each ending notice lists the exit arrangements of the convention.
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { activate, send, setClock } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('renewals and endings, on %s', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind);
  });
  afterEach(async () => {
    await t?.close();
  });

  const get = async (account: DemoAccount, id: string) => (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, account)).expect(200)).body;
  const leaves = (adhesion: { stateDetail: Array<{ id: string }> }) => adhesion.stateDetail.map((s) => s.id);
  const bell = async (account: DemoAccount, adhesionId: string) =>
    ((await t.http.get('/api/notifications').set(bearer(t, account)).expect(200)).body.items as Array<{ kind: string; adhesionId: string; title: string; body: string }>).filter(
      (n) => n.adhesionId === adhesionId,
    );
  const post = (account: DemoAccount, id: string, event: Record<string, unknown>) => t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, account)).send(event);
  const renewYear = async (id: string, windowIso: string) => {
    await setClock(t, windowIso);
    await send(t, 'avrille', id, { type: 'CONFIRM_RENEWAL', plannedUnits: 12 });
    await send(t, 'dgs', id, { type: 'VALIDATE_RENEWAL' });
  };
  const exitClauses = (text: string) => {
    expect(text).toContain('Dispositions de sortie de la convention');
    expect(text).toContain('Dossiers en cours : ');
    expect(text).toContain('Archives : ');
    expect(text).toContain('Données : ');
  };

  it('renews a convention at its term: the successor skips the study and starts the day the old one ends', async () => {
    await setClock(t, '2026-03-01T09:00:00Z');
    const id = await activate(t, 'avrille', 'ADS', '2026-04-05');
    // Not in year 1: a convention is renewed in its last year.
    const early = await t.http.post(`/api/adhesions/${id}/renewal`).set(bearer(t, 'dgs')).send({}).expect(422);
    expect(early.body.issues).toEqual([expect.objectContaining({ code: 'not_in_last_year' })]);
    expect((await get('dgs', id)).canRenew).toBe(false);
    await renewYear(id, '2027-01-05T10:00:00Z');
    await renewYear(id, '2028-01-06T10:00:00Z');
    expect(await get('avrille', id)).toMatchObject({ contractYear: 3, nextDeadline: { kind: 'TERM_ENDED', at: '2029-04-04T22:00:00.000Z' } });

    // « Renouveler la convention »: both parties are told 180 days before the term (2028-10-07, 09:00 in Paris).
    await setClock(t, '2028-10-07T06:59:00Z');
    expect((await bell('avrille', id)).filter((n) => n.kind === 'term_reminder')).toEqual([]);
    await setClock(t, '2028-10-07T07:00:00Z');
    for (const account of ['avrille', 'dgs'] as const) {
      const reminders = (await bell(account, id)).filter((n) => n.kind === 'term_reminder');
      expect(reminders).toHaveLength(1);
      expect(reminders[0].title).toMatch(/^Renouveler la convention : /);
      expect(reminders[0].body).toContain('le 5 avril 2029, dans 180 jours');
    }
    expect((await get('avrille', id)).canRenew).toBe(true);
    expect((await get('agent', id)).canRenew).toBe(false);

    // A secretary may renew, but only the DGS may ask for a study; out of scope is a 404; an agent may not.
    const study = await t.http.post(`/api/adhesions/${id}/renewal`).set(bearer(t, 'avrille')).send({ study: true }).expect(422);
    expect(study.body.issues).toEqual([expect.objectContaining({ field: 'study', code: 'study_by_dgs_only' })]);
    await t.http.post(`/api/adhesions/${id}/renewal`).set(bearer(t, 'saumurDgs')).send({}).expect(404);
    await t.http.post(`/api/adhesions/${id}/renewal`).set(bearer(t, 'trelaze')).send({}).expect(404);

    const created = await t.http.post(`/api/adhesions/${id}/renewal`).set(bearer(t, 'dgs')).send({}).expect(201);
    const next = created.body;
    expect(next).toMatchObject({ state: 'draft', renews: id, forecastUnits: 12, details: { renewalOf: { startDate: '2029-04-05', draft: { forecastUnits: 12 } } } });
    const old = await get('avrille', id);
    expect(old).toMatchObject({ renewedBy: next.id, canRenew: false, state: 'active' });
    // One successor at a time.
    const twice = await t.http.post(`/api/adhesions/${id}/renewal`).set(bearer(t, 'avrille')).send({}).expect(422);
    expect(twice.body.issues).toEqual([expect.objectContaining({ code: 'already_renewed' })]);
    // No further « renouveler » reminder once renewed.
    await setClock(t, '2029-01-05T08:00:00Z');
    expect((await bell('avrille', id)).filter((n) => n.kind === 'term_reminder')).toHaveLength(1);

    // The successor: the commune submits, the DGS acknowledges, and the study is skipped.
    await send(t, 'avrille', next.id, { type: 'SUBMIT' });
    const acknowledged = await send(t, 'dgs', next.id, { type: 'ACKNOWLEDGE' });
    expect(leaves(acknowledged)).toEqual(['proposal.drafting']);
    // The DGS is offered the proposal, although its only start date is months away.
    expect(acknowledged.allowedActions.map((a: { type: string }) => a.type)).toContain('ISSUE_PROPOSAL');
    const proposal = { type: 'ISSUE_PROPOSAL', unitCostCents: 18_000, forecastUnits: 12, validUntil: '2029-02-28' };
    // A start a day after the old term would leave a gap: refused.
    const gap = await post('dgs', next.id, { ...proposal, startDate: '2029-04-06' });
    expect(gap.status).toBe(422);
    expect(gap.body.issues).toEqual([expect.objectContaining({ field: 'startDate', code: 'renewal_start_not_at_term', message: expect.stringContaining('le 05/04/2029') })]);
    await send(t, 'dgs', next.id, { ...proposal, startDate: '2029-04-05' });
    const accepted = await send(t, 'avrille', next.id, { type: 'ACCEPT_PROPOSAL' });
    const today = '2029-01-05';
    if (leaves(accepted).some((leaf) => leaf.includes('cstOpinion'))) await send(t, 'dgs', next.id, { type: 'RECORD_CST_OPINION', opinion: 'favourable', date: today });
    await send(t, 'avrille', next.id, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'D-2029-01', date: today });
    await send(t, 'dgs', next.id, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-2029-01', date: today });
    await send(t, 'dgs', next.id, { type: 'SIGN', signatoryName: 'Christophe Béchu', signatoryQuality: 'Président', date: today });
    const signed = await send(t, 'avrille', next.id, { type: 'SIGN', signatoryName: 'Marie Dupont', signatoryQuality: 'Maire', date: today });
    expect(signed).toMatchObject({ state: 'active', startDate: '2029-04-05', contractYear: 1, renews: id });

    // The last minute of the old term (midnight in Paris is 22:00Z in summer): the old one is still in force.
    await setClock(t, '2029-04-04T21:59:00Z');
    expect((await get('avrille', id)).state).toBe('active');
    // The term's day: the old convention ends on 5 avril 2029 (its last day in force the 4), the new one is in force from that same day.
    await setClock(t, '2029-04-04T22:00:00Z');
    expect(await get('avrille', id)).toMatchObject({ state: 'ended', renewedBy: next.id });
    expect(await get('avrille', next.id)).toMatchObject({ state: 'active', startDate: '2029-04-05', renews: id });
    // Its label changed with the day, its version did not: a browser must not keep it and revalidate it by its ETag.
    expect((await t.http.get(`/api/adhesions/${next.id}`).set(bearer(t, 'avrille')).expect(200)).headers['cache-control']).toBe('private, no-store');
    const ended = (await bell('avrille', id)).find((n) => n.kind === 'convention_ended')!;
    expect(ended.body).toContain('est arrivée à son terme de trois ans le 5 avril 2029');
    exitClauses(ended.body);
    // The successor now holds the commune's one live place for this service: a fresh request is refused.
    await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ADS', forecastUnits: 10 }).expect(409);
  });

  it('lets the EPCI decline a renewal within the window, with a reason: the commune is told, the convention lapses at its anniversary', async () => {
    const id = await activate(t, 'trelaze', 'PAIE', '2026-02-01');
    // Before the window (90 days before 2027-02-01): nothing to decline.
    await setClock(t, '2026-11-02T10:00:00Z');
    expect((await post('dgs', id, { type: 'REFUSE_RENEWAL', reason: 'Service réorganisé' })).status).toBe(409);
    await setClock(t, '2026-11-03T10:00:00Z');
    expect(leaves(await get('dgs', id))).toContain('active.term.renewalDue');
    expect((await post('trelaze', id, { type: 'REFUSE_RENEWAL', reason: 'x' })).status).toBe(403);
    const noReason = await post('dgs', id, { type: 'REFUSE_RENEWAL' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues).toEqual([expect.objectContaining({ field: 'reason' })]);
    const refused = await send(t, 'dgs', id, { type: 'REFUSE_RENEWAL', reason: 'Le service de paie sera confié au centre de gestion' });
    expect(leaves(refused)).toContain('active.term.renewalRefused');
    expect(refused.nextDeadline).toMatchObject({ kind: 'ANNIVERSARY_PASSED', at: '2027-01-31T23:00:00.000Z' });
    await setClock(t, '2026-11-03T11:00:00Z');
    const told = (await bell('trelaze', id)).filter((n) => n.kind === 'renewal_refused');
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('jusqu’à sa date anniversaire, le 1er février 2027');
    expect(told[0].body).toContain('Motif : Le service de paie sera confié au centre de gestion');
    expect((await bell('dgs', id)).filter((n) => n.kind === 'renewal_refused')).toEqual([]);

    await setClock(t, '2027-01-31T22:59:00Z');
    expect((await get('trelaze', id)).state).toBe('active');
    await setClock(t, '2027-01-31T23:00:00Z');
    expect((await get('trelaze', id)).state).toBe('lapsed');
    for (const account of ['trelaze', 'dgs'] as const) {
      const lapsed = (await bell(account, id)).filter((n) => n.kind === 'convention_lapsed');
      expect(lapsed).toHaveLength(1);
      expect(lapsed[0].body).toContain('L’EPCI ayant refusé sa reconduction');
      expect(lapsed[0].body).toContain('elle a pris fin le 1er février 2027');
      exitClauses(lapsed[0].body);
    }
  });

  it('terminates by mutual agreement at the agreed date, once the other party agrees', async () => {
    const id = await activate(t, 'avrille', 'ARCHIVES', '2026-02-01');
    await setClock(t, '2026-03-02T10:00:00Z');
    const proposal = { type: 'PROPOSE_TERMINATION', reason: 'La commune confie ses archives au département', effectiveDate: '2026-06-30' };
    await send(t, 'avrille', id, proposal);
    // The proposer cannot agree with itself; the other party is asked.
    expect((await post('avrille', id, { type: 'ACCEPT_TERMINATION' })).status).toBe(409);
    const epciView = await get('dgs', id);
    expect(epciView.allowedActions.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['ACCEPT_TERMINATION', 'REFUSE_TERMINATION']));
    expect(epciView.waitingFor).toEqual(['epci']);
    await setClock(t, '2026-03-02T11:00:00Z');
    expect((await bell('dgs', id)).map((n) => n.kind)).toContain('termination_proposed');
    expect((await bell('avrille', id)).map((n) => n.kind)).not.toContain('termination_proposed');

    const agreed = await send(t, 'dgs', id, { type: 'ACCEPT_TERMINATION' });
    expect(leaves(agreed)).toContain('active.term.terminationAgreed');
    expect(agreed.nextDeadline).toMatchObject({ kind: 'TERMINATION_EFFECTIVE', at: '2026-06-29T22:00:00.000Z' });
    expect(agreed.details.termination).toMatchObject({ proposedBy: 'commune', effectiveDate: '2026-06-30', agreedOn: '2026-03-02' });

    // No notice period: it ends on the agreed date, and not a minute before.
    await setClock(t, '2026-06-29T21:59:00Z');
    expect((await get('avrille', id)).state).toBe('active');
    await setClock(t, '2026-06-29T22:00:00Z');
    expect((await get('avrille', id)).state).toBe('terminated');
    for (const account of ['avrille', 'dgs'] as const) {
      const done = (await bell(account, id)).filter((n) => n.kind === 'convention_terminated');
      expect(done).toHaveLength(1);
      expect(done[0].title).toMatch(/^Résiliation d’un commun accord effective : /);
      expect(done[0].body).toContain('résiliée d’un commun accord : elle a pris fin le 30 juin 2026');
      exitClauses(done[0].body);
    }
  });
});
