// Who is told, through the API and a real SMTP server: at each move that hands the file over, the other party
// gets one in-app notification and one e-mail with the link to the file, never twice; a notice reaches the other
// party the day it is given; the EPCI's DGS rewrites the messages (checked, previewed, compare-and-swap), and
// another EPCI's DGS cannot read or change them.
import { parisDateOf } from '#domain';
import { pathToActive } from '#workflow';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { send, setClock } from '../../../test/support/journeys.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp-sink.js';
import { bearer, DEMO, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

const ALM = '244900015';
const SENT_BY_COMMUNE = new Set(['SUBMIT', 'PROVIDE_INFO', 'ACCEPT_PROPOSAL']);

describe.each(DATABASE_KINDS)('who is told, on %s', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp(kind, { SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** Runs the sweep now (it sends what the ledger decided), without moving the clock. */
  const sweep = () => setClock(t, t.clock.now().toISOString());
  const inApp = async (account: DemoAccount) => (await t.http.get('/api/notifications?pageSize=100').set(bearer(t, account)).expect(200)).body.items as Array<{ title: string; link: string; body: string }>;

  it('tells each party once, in-app and by e-mail with the link, at each move that hands it the file', async () => {
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'RGPD', forecastUnits: 10 }).expect(201);
    const id = created.body.id as string;
    const today = parisDateOf(t.clock.now());
    const told: Array<[string, string[], string]> = [];
    let last: { stateDetail?: Array<{ id: string }> } = {};
    for (const { at: _at, ...event } of pathToActive(today, { startDate: '2026-03-01', validUntil: '2026-02-01', stepDays: 0, cstAlways: true })) {
      if (event.type === 'RECORD_CST_OPINION' && !last.stateDetail?.some((leaf) => leaf.id.includes('cstOpinion'))) continue;
      const party = 'party' in event ? event.party : SENT_BY_COMMUNE.has(event.type) ? 'commune' : 'epci';
      const before = smtp.mails.length;
      last = await send(t, party === 'commune' ? 'avrille' : 'dgs', id, event);
      await sweep();
      const mails = smtp.mails.slice(before);
      expect(mails.length).toBeLessThanOrEqual(1);
      for (const mail of mails) {
        // Never the mover's own side; always the link to the file.
        expect(mail.to).not.toContain(party === 'commune' ? DEMO.avrille : DEMO.dgs);
        expect(mail.text).toContain(`/adhesions/${id}`);
        told.push([event.type, mail.to, mail.subject]);
      }
    }
    expect(told).toEqual([
      ['SUBMIT', [DEMO.dgs], 'À vous d’agir : Délégué à la protection des données mutualisé (Avrillé)'],
      ['ISSUE_PROPOSAL', [DEMO.avrille], expect.stringMatching(/^À vous d’agir/)],
      ['ACCEPT_PROPOSAL', [DEMO.dgs], expect.stringMatching(/^À vous d’agir/)],
      // The commune's council may deliberate once the comité social territorial gave its opinion.
      ['RECORD_CST_OPINION', [DEMO.avrille], expect.stringMatching(/^À vous d’agir/)],
      ['RECORD_DELIBERATION', [DEMO.dgs], expect.stringMatching(/^Délibération enregistrée/)],
      ['RECORD_DELIBERATION', [DEMO.avrille], expect.stringMatching(/^Délibération enregistrée/)],
      ['SIGN', [DEMO.avrille], expect.stringMatching(/^Convention signée/)],
      ['SIGN', [DEMO.dgs], expect.stringMatching(/^Convention signée/)],
    ]);
    // In-app: the same messages, one each, linking to the file; another sweep sends nothing again.
    const mine = (items: Array<{ link: string }>) => items.filter((n) => n.link.endsWith(`/adhesions/${id}`));
    expect(mine(await inApp('avrille'))).toHaveLength(4);
    expect(mine(await inApp('dgs'))).toHaveLength(4);
    expect(mine(await inApp('saumurDgs'))).toHaveLength(0);
    expect(mine(await inApp('trelaze'))).toHaveLength(0);
    const sent = smtp.mails.length;
    await sweep();
    expect(smtp.mails.length).toBe(sent);

    // A notice given by the EPCI reaches the commune the same day, with the day it takes effect.
    await send(t, 'dgs', id, { type: 'GIVE_NOTICE', reason: 'Réorganisation du service commun.', effectiveDate: '2026-09-15' });
    await sweep();
    const notice = smtp.mails.at(-1)!;
    expect(notice.to).toEqual([DEMO.avrille]);
    expect(notice.subject).toBe('Préavis de résiliation : Délégué à la protection des données mutualisé (Avrillé)');
    expect(notice.text).toContain('le 5 janvier 2026');
    expect(notice.text).toContain('La résiliation prendra effet le 15 septembre 2026.');
    expect((await inApp('avrille')).filter((n) => n.title === notice.subject)).toEqual([
      expect.objectContaining({ link: expect.stringMatching(new RegExp(`/adhesions/${id}$`)), body: expect.stringContaining('15 septembre 2026') }),
    ]);
  });

  it('lets the DGS rewrite a message: checked, previewed, used by the next e-mail, then reset', async () => {
    const list = await t.http.get('/api/notification-templates').set(bearer(t, 'dgs')).expect(200);
    expect(list.body.epci).toBe(ALM);
    const turn = list.body.items.find((i: { kind: string }) => i.kind === 'turn_to_act');
    expect(turn).toMatchObject({ custom: false, version: 0, subject: 'À vous d’agir : {{service}} ({{commune}})' });
    expect(turn.variables.map((v: { name: string }) => v.name)).toEqual(expect.arrayContaining(['commune', 'service', 'lien', 'etape', 'action']));

    const unknown = await t.http.put('/api/notification-templates/turn_to_act').set(bearer(t, 'dgs')).send({ subject: 'Tour', body: 'Bonjour {{maire}}', version: 0 }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'rule_violated', issues: [{ field: 'body', code: 'unknown_variable', message: expect.stringMatching(/^La variable \{\{maire\}\} n’existe pas/) }] });
    await t.http.post('/api/notification-templates/turn_to_act/preview').set(bearer(t, 'dgs')).send({ body: 'Oups {{commune' }).expect(422);

    const body = 'Le dossier « {{service}} » {{de_commune}} attend : {{action}}.\n\nOuvrir : {{lien}}';
    const preview = await t.http.post('/api/notification-templates/turn_to_act/preview').set(bearer(t, 'dgs')).send({ subject: 'Votre tour : {{service}} <{{commune}}>', body }).expect(200);
    expect(preview.body.subject).toBe('Votre tour : Paie <Avrillé>');
    expect(preview.body.html).toContain('Votre tour : Paie &lt;Avrillé&gt;');

    const saved = await t.http.put('/api/notification-templates/turn_to_act').set(bearer(t, 'dgs')).send({ subject: 'Votre tour : {{service}} ({{commune}})', body, version: 0 }).expect(200);
    expect(saved.body).toMatchObject({ custom: true, version: 1 });
    // Two DGS edit at once: the second save, from the same version, is refused.
    await t.http.put('/api/notification-templates/turn_to_act').set(bearer(t, 'dgs')).send({ subject: 'A {{commune}}', body, version: 1 }).expect(200);
    const late = await t.http.put('/api/notification-templates/turn_to_act').set(bearer(t, 'dgs')).send({ subject: 'B {{commune}}', body, version: 1 }).expect(409);
    expect(late.body).toMatchObject({ code: 'template_changed', message: expect.stringContaining('modifié entre-temps') });

    // The next hand-over's e-mail uses it.
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'trelaze')).send({ communeInsee: '49353', serviceCode: 'RGPD', forecastUnits: 5 }).expect(201);
    await send(t, 'trelaze', created.body.id, { type: 'SUBMIT' });
    await sweep();
    const mail = smtp.mails.at(-1)!;
    expect(mail).toMatchObject({ to: [DEMO.dgs], subject: 'A Trélazé' });
    expect(mail.text).toContain('Le dossier « Délégué à la protection des données mutualisé » de Trélazé attend : Accuser réception.');
    expect(mail.text).toContain(`Ouvrir : http`);

    const reset = await t.http.delete('/api/notification-templates/turn_to_act?version=2').set(bearer(t, 'dgs')).expect(200);
    expect(reset.body).toMatchObject({ custom: false, version: 0, subject: 'À vous d’agir : {{service}} ({{commune}})' });
  });

  it('keeps an EPCI’s templates to its DGS: 404 to another EPCI’s DGS, 403 to the other roles', async () => {
    await t.http.get(`/api/notification-templates?epci=${ALM}`).set(bearer(t, 'saumurDgs')).expect(404);
    await t.http.get(`/api/notification-templates/turn_to_act?epci=${ALM}`).set(bearer(t, 'saumurDgs')).expect(404);
    await t.http.put(`/api/notification-templates/turn_to_act?epci=${ALM}`).set(bearer(t, 'saumurDgs')).send({ subject: 'x', body: 'y', version: 0 }).expect(404);
    const adhesion = (await t.http.get('/api/adhesions').set(bearer(t, 'dgs')).expect(200)).body.items[0].id as string;
    await t.http.post('/api/notification-templates/turn_to_act/preview').set(bearer(t, 'saumurDgs')).send({ adhesionId: adhesion }).expect(404);
    await t.http.get('/api/notification-templates/no_such_kind').set(bearer(t, 'dgs')).expect(404);
    await t.http.get('/api/notification-templates').set(bearer(t, 'avrille')).expect(403);
    await t.http.get('/api/notification-templates').set(bearer(t, 'agent')).expect(403);
    // Saumur's own list is the product's wording, whatever Angers did.
    await t.http.put('/api/notification-templates/notice_given').set(bearer(t, 'dgs')).send({ subject: 'Préavis {{commune}}', body: 'Effet le {{date_effet}}.', version: 0 }).expect(200);
    const saumur = await t.http.get('/api/notification-templates/notice_given').set(bearer(t, 'saumurDgs')).expect(200);
    expect(saumur.body).toMatchObject({ custom: false, version: 0 });
    // The admin names the EPCI.
    await t.http.get('/api/notification-templates/notice_given').set(bearer(t, 'admin')).expect(400);
    expect((await t.http.get(`/api/notification-templates/notice_given?epci=${ALM}`).set(bearer(t, 'admin')).expect(200)).body).toMatchObject({ custom: true, subject: 'Préavis {{commune}}' });
  });
});
