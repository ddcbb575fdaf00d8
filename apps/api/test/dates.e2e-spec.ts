// The dates of the legal chain over HTTP: a breach is a 422 `rule_violated` that names the field and states
// the rule in French, never a 409, and nothing is written; the 409 stays for an event the state does not take;
// each allowed action carries the min and max of its date fields.
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { send } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('the dates of the legal chain, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  const post = (account: DemoAccount, id: string, event: Record<string, unknown>) =>
    t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, account)).send(event);
  const read = async (account: DemoAccount, id: string) => (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, account)).expect(200)).body;
  const boundsOf = (adhesion: { allowedActions: Array<{ type: string; dateBounds: unknown }> }, type: string) =>
    adhesion.allowedActions.find((action) => action.type === type)?.dateBounds;

  it('refuses each date out of the chain with a 422 that states the rule, and gives the forms their bounds', async () => {
    // Payroll is a mise à disposition: with no staff affected, no opinion of the comité social territorial.
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'PAIE', forecastUnits: 10 }).expect(201);
    const id = created.body.id as string;
    await send(t, 'avrille', id, { type: 'SUBMIT' });
    await send(t, 'dgs', id, { type: 'ACKNOWLEDGE' });
    await send(t, 'dgs', id, { type: 'SUBMIT_STUDY', forecastUnits: 10, staffImpact: false });
    await send(t, 'dgs', id, { type: 'APPROVE_STUDY' });

    // Today is 5 January 2026: a proposal cannot start before it.
    expect(boundsOf(await read('dgs', id), 'ISSUE_PROPOSAL')).toEqual({ startDate: { min: '2026-01-05' }, validUntil: { min: '2026-01-05' } });
    const pastStart = await post('dgs', id, { type: 'ISSUE_PROPOSAL', unitCostCents: 12_000, forecastUnits: 10, startDate: '2026-01-04', validUntil: '2026-02-15' }).expect(422);
    expect(pastStart.body).toMatchObject({
      code: 'rule_violated',
      issues: [{ field: 'startDate', code: 'start_date_in_past', message: 'La date de début ne peut pas précéder aujourd’hui (05/01/2026).' }],
    });
    await send(t, 'dgs', id, { type: 'ISSUE_PROPOSAL', unitCostCents: 12_000, forecastUnits: 10, startDate: '2026-03-01', validUntil: '2026-02-15' });
    await send(t, 'avrille', id, { type: 'ACCEPT_PROPOSAL' }); // accepted on 5 January
    t.clock.set(new Date('2026-01-12T09:00:00Z'));

    const beforeCouncils = await read('avrille', id);
    expect(boundsOf(beforeCouncils, 'RECORD_DELIBERATION')).toEqual({ date: { min: '2026-01-05', max: '2026-01-12' } });
    const early = await post('avrille', id, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-2026-003', date: '2026-01-04' }).expect(422);
    expect(early.body).toEqual({
      code: 'rule_violated',
      message: expect.any(String),
      issues: [
        {
          field: 'date',
          code: 'deliberation_before_acceptance',
          message: 'La date de la délibération ne peut pas précéder l’acceptation de la proposition (05/01/2026).',
        },
      ],
    });
    // Nothing was written.
    expect(await read('avrille', id)).toMatchObject({ version: beforeCouncils.version, state: 'deliberations', details: { deliberations: {} } });

    await send(t, 'avrille', id, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-2026-003', date: '2026-01-05' });
    await send(t, 'dgs', id, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-2026-118', date: '2026-01-08' });

    // A signature: after both deliberations, never in the future; a 422, not the 409 of a state conflict.
    expect(boundsOf(await read('dgs', id), 'SIGN')).toEqual({ date: { min: '2026-01-08', max: '2026-01-12' } });
    const future = await post('dgs', id, { type: 'SIGN', signatoryName: 'Christophe Béchu', signatoryQuality: 'Président', date: '2026-01-13' }).expect(422);
    expect(future.body.issues).toEqual([
      { field: 'date', code: 'signature_in_future', message: 'La date de signature ne peut pas être postérieure à aujourd’hui (12/01/2026).' },
    ]);
    const beforeDeliberations = await post('dgs', id, { type: 'SIGN', signatoryName: 'Christophe Béchu', signatoryQuality: 'Président', date: '2026-01-07' }).expect(422);
    expect(beforeDeliberations.body.issues).toEqual([
      {
        field: 'date',
        code: 'signature_before_deliberations',
        message: 'La date de signature ne peut pas précéder les délibérations des deux conseils (la dernière le 08/01/2026).',
      },
    ]);

    // A state conflict stays a 409, whatever its dates, and lists only what the state truly takes.
    const conflict = await post('avrille', id, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-2026-004', date: '2026-02-01' }).expect(409);
    expect(conflict.body).toMatchObject({ code: 'transition_not_allowed', allowedEvents: ['SIGN'] });

    await send(t, 'dgs', id, { type: 'SIGN', signatoryName: 'Christophe Béchu', signatoryQuality: 'Président', date: '2026-01-08' });
    const active = await send(t, 'avrille', id, { type: 'SIGN', signatoryName: 'Marie Dupont', signatoryQuality: 'Maire', date: '2026-01-12' });
    expect(active).toMatchObject({ state: 'active', startDate: '2026-03-01' });

    // A notice: the notice period from today, and no later than the term (third anniversary of the start).
    const noticeBounds = boundsOf(await read('dgs', id), 'GIVE_NOTICE') as { effectiveDate: { min: string; max: string } };
    expect(noticeBounds.effectiveDate.max).toBe('2029-03-01');
    const afterTerm = await post('dgs', id, { type: 'GIVE_NOTICE', reason: 'Réorganisation du service de la paie', effectiveDate: '2029-03-02' }).expect(422);
    expect(afterTerm.body.issues).toEqual([
      { field: 'effectiveDate', code: 'notice_after_term', message: 'La résiliation ne peut pas prendre effet après le terme de la convention (01/03/2029).' },
    ]);
    const tooShort = await post('dgs', id, { type: 'GIVE_NOTICE', reason: 'Réorganisation du service de la paie', effectiveDate: '2026-02-01' }).expect(422);
    expect(tooShort.body.issues).toEqual([
      { field: 'effectiveDate', code: 'notice_too_short', message: expect.stringMatching(/^Le préavis est de \d+ mois : la résiliation ne peut pas prendre effet avant le \d\d\/\d\d\/\d{4}\.$/) },
    ]);
    await send(t, 'dgs', id, { type: 'GIVE_NOTICE', reason: 'Réorganisation du service de la paie', effectiveDate: noticeBounds.effectiveDate.min });
  });
});
