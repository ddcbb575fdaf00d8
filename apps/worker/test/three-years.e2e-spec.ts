// With the manual clock, conventions live their three years in seconds: reminders on their day at 09:00 in
// Paris (across DST changes), renewals confirmed and validated, the term ending, a lapse, a notice, each
// notification received once by a real SMTP server.
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { activate, send, setClock } from '../../../test/support/journeys.js';
import { startSmtpSink, withoutHandOvers, type SmtpSink } from '../../../test/support/smtp-sink.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

const SECRETARY = 'secretaire@mairie-avrille.fr';
const DGS = 'dgs@angersloiremetropole.fr';

describe.each(DATABASE_KINDS)('three years of a convention, on %s', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeEach(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp(kind, { SMTP_URL: smtp.url, SMTP_NAME: 'worker-1.alacarte.example.org', PUBLIC_URL: 'https://alacarte.example.org' });
  });
  afterEach(async () => {
    await t?.close();
    await smtp?.close();
  });

  // The money's notices (unit costs to notify, units to record) are tested elsewhere (money-reminders.spec.ts,
  // money-year.e2e-spec.ts): here, the renewals' and the endings' mail only.
  // Nor the other party's turns (apps/api/test/notifications.e2e-spec.ts).
  const adhesionMails = () => withoutHandOvers(smtp.mails).filter((m) => !m.subject.includes('coûts unitaires') && !m.subject.startsWith('Unités à saisir') && !m.subject.startsWith('Coût unitaire'));
  const newMails = (since: number) => adhesionMails().slice(since);
  const subjects = (since: number) => newMails(since).map((m) => `${m.to.join(',')} ${m.subject}`);

  it('reminds on each day at 09:00 Paris time, renews twice, and ends after year 3', async () => {
    const id = await activate(t, 'avrille', 'ADS', '2026-04-05');
    let seen = 0;
    const expectReminder = async (beforeIso: string, atIso: string, expected: string[]) => {
      await setClock(t, beforeIso);
      expect(subjects(seen)).toEqual([]);
      await setClock(t, atIso);
      expect(subjects(seen).sort()).toEqual(expected.sort());
      seen = adhesionMails().length;
    };
    const reminder = `${SECRETARY} Reconduction à confirmer : Instruction des autorisations du droit des sols (ADS) (Avrillé)`;
    // Anniversary 2027-04-05. 90 days before: 2027-01-05, winter: 09:00 Paris = 08:00Z.
    await expectReminder('2027-01-05T07:59:00Z', '2027-01-05T08:00:00Z', [reminder]);
    // As a mail client reads it (mailparser): an automatic message, identified in the installation's domain.
    const first = adhesionMails()[0];
    expect(first.messageId).toMatch(/^<[0-9a-f-]{36}@alacarte\.example\.org>$/);
    expect(first.headers.get('auto-submitted')).toBe('auto-generated');
    expect(first.clientName).toBe('worker-1.alacarte.example.org');
    expect(first.text).toContain('arrive à sa date anniversaire le 5 avril 2027, dans 90 jours.');
    expect(first.text).not.toContain('jour(s)');
    expect((await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille'))).body.stateDetail.map((s: { id: string }) => s.id)).toContain(
      'active.term.renewalDue',
    );
    await expectReminder('2027-02-04T07:59:00Z', '2027-02-04T08:00:00Z', [reminder]);
    await expectReminder('2027-03-06T07:59:00Z', '2027-03-06T08:00:00Z', [
      reminder,
      `${DGS} Reconduction non confirmée : Avrillé, Instruction des autorisations du droit des sols (ADS)`,
    ]);
    // The commune confirms; from now on the DGS, not the commune, is reminded (15 days before).
    await send(t, 'avrille', id, { type: 'CONFIRM_RENEWAL', plannedUnits: 12 });
    await expectReminder('2027-03-21T07:59:00Z', '2027-03-21T08:00:00Z', [
      `${DGS} Reconduction à valider : Avrillé, Instruction des autorisations du droit des sols (ADS)`,
    ]);
    await send(t, 'dgs', id, { type: 'VALIDATE_RENEWAL' });
    // Summer time since 2027-03-28: nothing more this cycle, the 7- and 1-day reminders are not owed.
    await setClock(t, '2027-04-06T07:00:00Z');
    expect(subjects(seen)).toEqual([]);

    // Year 2: anniversary 2028-04-05, 90 days before is 2028-01-06 (2028 is a leap year).
    await expectReminder('2028-01-06T07:59:00Z', '2028-01-06T08:00:00Z', [reminder]);
    await send(t, 'avrille', id, { type: 'CONFIRM_RENEWAL', plannedUnits: 14 });
    await send(t, 'dgs', id, { type: 'VALIDATE_RENEWAL' });
    const year3 = (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille'))).body;
    expect(year3).toMatchObject({ contractYear: 3, forecastUnits: 14, nextDeadline: { kind: 'TERM_ENDED', at: '2029-04-04T22:00:00.000Z' } });

    // Year 3: no yearly renewal; « renouveler la convention » to both parties, once: the clock jumped over the
    // 180- and 90-day reminders, superseded by the 30-day one. The term ends at midnight in Paris on the third anniversary.
    await setClock(t, '2029-04-04T21:59:00Z');
    expect(newMails(seen).map((m) => [m.to.sort(), m.subject])).toEqual([
      [[DGS, SECRETARY].sort(), 'Renouveler la convention : Instruction des autorisations du droit des sols (ADS) (Avrillé)'],
    ]);
    seen = adhesionMails().length;
    await setClock(t, '2029-04-04T22:00:00Z');
    const ended = (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille'))).body;
    expect(ended).toMatchObject({ state: 'ended', nextDeadline: null });
    expect(newMails(seen).map((m) => [m.to.sort(), m.subject])).toEqual([
      [[DGS, SECRETARY].sort(), 'Convention arrivée à son terme : Instruction des autorisations du droit des sols (ADS) (Avrillé)'],
    ]);
    // In-app too, and the same sweep again sends nothing twice.
    await setClock(t, '2029-04-05T10:00:00Z');
    expect(newMails(seen)).toHaveLength(1);
    const bell = await t.http.get('/api/notifications').set(bearer(t, 'avrille')).expect(200);
    expect(bell.body.unread).toBe(bell.body.total);
    expect(bell.body.items[0]).toMatchObject({ kind: 'convention_ended', adhesionId: id });
    // The commune may apply again, pre-filled from the convention that ended (its last planned units).
    const again = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ADS', previousAdhesionId: id }).expect(201);
    expect(again.body).toMatchObject({ state: 'draft', forecastUnits: 14 });
    const history = (await t.http.get(`/api/adhesions/${id}/history`).set(bearer(t, 'avrille'))).body;
    expect(history.filter((h: { role: string }) => h.role === 'system').map((h: { event: string }) => h.event)).toEqual([
      'RENEWAL_WINDOW_OPENED',
      'RENEWAL_WINDOW_OPENED',
      'TERM_ENDED',
    ]);
  });

  it('lapses on its anniversary when the renewal was never confirmed, and tells both parties once', async () => {
    const id = await activate(t, 'trelaze', 'PAIE', '2026-02-01');
    const live = await t.http.post('/api/adhesions').set(bearer(t, 'trelaze')).send({ communeInsee: '49353', serviceCode: 'PAIE', previousAdhesionId: id }).expect(400);
    expect(live.body.issues).toEqual([expect.objectContaining({ field: 'previousAdhesionId', code: 'still_live' })]);
    await setClock(t, '2027-01-31T22:59:00Z');
    expect((await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'trelaze'))).body.state).toBe('active');
    const before = adhesionMails().length;
    await setClock(t, '2027-01-31T23:00:00Z'); // midnight in Paris, 2027-02-01
    expect((await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'trelaze'))).body.state).toBe('lapsed');
    expect(newMails(before).map((m) => m.subject)).toEqual([expect.stringMatching(/^Convention non reconduite : .* \(Trélazé\)$/)]);
    await setClock(t, '2027-02-02T10:00:00Z');
    expect(newMails(before)).toHaveLength(1);
    // Each reminder of the cycle went out once; the ones the clock jumped over were superseded, not sent late.
    const reminders = adhesionMails().filter((m) => m.subject.startsWith('Reconduction à confirmer'));
    expect(new Set(reminders.map((m) => m.messageId)).size).toBe(reminders.length);
  });

  it('dates a lapse on its anniversary, the 1er février, even when the sweep finds it days later', async () => {
    const id = await activate(t, 'trelaze', 'PAIE', '2026-02-01');
    await setClock(t, '2027-02-04T10:00:00Z');
    expect((await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'trelaze'))).body.state).toBe('lapsed');
    const lapse = adhesionMails().find((m) => m.subject.startsWith('Convention non reconduite'))!;
    // « Caduque » means something else in law (Code civil art. 1186): a convention not renewed is « non reconduite ».
    expect(lapse.text).toContain('elle a pris fin le 1er février 2027.');
    expect(lapse.text).not.toMatch(/caduque/i);
  });

  it('terminates on the effective date of a notice', async () => {
    const id = await activate(t, 'avrille', 'ARCHIVES', '2026-02-01');
    await setClock(t, '2026-03-01T10:00:00Z');
    await send(t, 'dgs', id, { type: 'GIVE_NOTICE', reason: 'Réorganisation du service commun des archives', effectiveDate: '2026-09-01' });
    await setClock(t, '2026-08-31T21:59:00Z');
    expect((await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille'))).body.state).toBe('active');
    await setClock(t, '2026-08-31T22:00:00Z');
    expect((await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille'))).body.state).toBe('terminated');
    expect(adhesionMails().map((m) => m.subject)).toEqual([expect.stringMatching(/^Résiliation effective : .*\(Avrillé\)$/)]);
  });

  it('counts the anniversaries of a 29 February start from the original date', async () => {
    const id = await activate(t, 'avrille', 'RGPD', '2028-02-29', '2026-03-01');
    const a = (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille'))).body;
    // Anniversary 2029-02-28; the window opens 90 days before, 2028-11-30, at midnight in Paris.
    expect(a.nextDeadline).toMatchObject({ kind: 'RENEWAL_WINDOW_OPENED', at: '2028-11-29T23:00:00.000Z' });
    await setClock(t, '2028-11-30T08:00:00Z');
    expect(adhesionMails().map((m) => m.subject)).toEqual([expect.stringMatching(/^Reconduction à confirmer/)]);
    expect(adhesionMails()[0].text).toContain('28 février 2029');
  });
});
