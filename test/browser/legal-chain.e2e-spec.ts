// In real browsers, the legal chain as Avrillé's secretary and the DGS of Angers Loire Métropole live it, for the
// payroll service (a mise à disposition: no comité social territorial). Each is told of its turn, in the bell and
// by e-mail, when the other hands the file over; a deliberation dated before the acceptance of the proposal is
// refused with the rule's French sentence beside its date field, and nothing is written; an avenant goes from its
// proposal to both signatures and its PDF downloads; a deliberation attached by the secretary is downloaded by the
// DGS with the same SHA-256; and the convention, renewed at its term, is followed by its successor the very day it
// ends. The clock and the steps that are not the point here are moved on through the API, as the other browser
// tests do. Each page is screenshotted (test-results/browser) and checked with axe-core.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { textOf } from '../support/downloads.js';
import { send, setClock } from '../support/journeys.js';
import { SAMPLE_PDF } from '../support/sample-files.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { bearer, DEMO } from '../support/test-app.js';
import { act, audit, newPerson, signIn, startWebApp, waitForState, type AxeReport, type WebApp } from './support/browser.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const TURN = 'À vous d’agir : Paie (Avrillé)';

describe('the legal chain of a convention, in the browser: turns, dates, an avenant, an attachment, a renewal at term', () => {
  let web: WebApp;
  let smtp: SmtpSink;
  let secretary: Page;
  let dgs: Page;
  let id = '';
  let successor = '';
  const reports: AxeReport[] = [];
  const check = async (page: Page, name: string) => {
    reports.push(await audit(page, name));
  };
  /** Runs the sweep now (it sends what the ledger decided), without moving the clock. */
  const sweep = () => setClock(web.t, web.t.clock.now().toISOString());
  const open = async (page: Page, adhesion = id) => {
    await page.goto(`/adhesions/${adhesion}`);
    await page.getByRole('heading', { level: 1, name: 'Paie' }).waitFor();
  };
  /** The notifications with this title in the bell, opened (there is one at least). */
  const bellTitles = async (page: Page, title: string) => {
    await page.getByRole('button', { name: /^Notifications,/ }).click();
    const bell = page.getByRole('dialog', { name: 'Notifications' });
    await bell.waitFor();
    const items = bell.getByRole('button', { name: title, exact: true });
    await items.first().waitFor();
    return items;
  };
  const mailsTo = (email: string, subject: string) => smtp.mails.filter((m) => m.to.includes(email) && m.subject === subject);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    web = await startWebApp({ SMTP_URL: smtp.url });
    [secretary, dgs] = await Promise.all([newPerson(web), newPerson(web)]).then((people) => people.map((p) => p.page));
    await Promise.all([signIn(secretary, DEMO.avrille), signIn(dgs, DEMO.dgs)]);
    const created = await web.t.http.post('/api/adhesions').set(bearer(web.t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'PAIE', forecastUnits: 10 });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
    id = created.body.id;
  }, 120_000);

  afterAll(async () => {
    await web?.close();
    await smtp?.close();
  });

  it('tells each party of its turn: the DGS when the secretary sends the request, the secretary when the DGS issues the proposal', async () => {
    // The secretary's move: the DGS finds the file under « À vous d’agir », in the bell and in her mailbox.
    await open(secretary);
    await act(secretary, 'Déposer la demande');
    await waitForState(secretary, 'Demande déposée');
    await sweep();
    await dgs.goto('/a-traiter');
    await dgs.getByRole('tabpanel', { name: /^À vous d’agir/ }).getByRole('link', { name: 'Paie — Avrillé' }).waitFor();
    const toDgs = await bellTitles(dgs, TURN);
    expect(await toDgs.count()).toBe(1);
    expect(mailsTo(DEMO.dgs, TURN)).toEqual([expect.objectContaining({ text: expect.stringContaining(`/adhesions/${id}`) })]);
    expect(mailsTo(DEMO.avrille, TURN)).toEqual([]);
    await check(dgs, '50-dgs-cloche-a-vous-d-agir');
    // The notification opens the file.
    await toDgs.click();
    await dgs.waitForURL(`**/adhesions/${id}`);
    await waitForState(dgs, 'Demande déposée');

    // The study is the EPCI's own business: moved on through the API.
    await send(web.t, 'dgs', id, { type: 'ACKNOWLEDGE' });
    await send(web.t, 'dgs', id, { type: 'SUBMIT_STUDY', forecastUnits: 10, staffImpact: false });
    await send(web.t, 'dgs', id, { type: 'APPROVE_STUDY' });

    // The DGS's move: the secretary finds the file first in her portfolio, in the bell and in her mailbox.
    await open(dgs);
    await act(dgs, 'Émettre la proposition', async (d) => {
      await d.getByRole('textbox', { name: /^Coût unitaire de fonctionnement/ }).fill('25');
      await d.getByRole('textbox', { name: /^Unités prévisionnelles par an/ }).fill('10');
      await d.getByLabel(/^Date de début souhaitée/).fill('2026-03-01');
      await d.getByLabel(/^Proposition valable jusqu’au/).fill('2026-02-15');
    });
    await waitForState(dgs, 'Proposition en attente de la décision de la commune');
    await sweep();
    await secretary.goto('/mon-portefeuille');
    await secretary.getByRole('region', { name: 'À vous d’agir (1)' }).getByRole('link', { name: 'Paie' }).waitFor();
    await check(secretary, '51-secretaire-portefeuille-a-vous-d-agir');
    const toSecretary = await bellTitles(secretary, TURN);
    expect(await toSecretary.count()).toBe(1);
    expect(mailsTo(DEMO.avrille, TURN)).toEqual([expect.objectContaining({ text: expect.stringContaining(`/adhesions/${id}`) })]);
    expect(mailsTo(DEMO.dgs, TURN)).toHaveLength(1);
    await toSecretary.click();
    await secretary.waitForURL(`**/adhesions/${id}`);
    await waitForState(secretary, 'Proposition en attente de la décision de la commune');
  }, 60_000);

  it('refuses a deliberation dated before the acceptance of the proposal, its French sentence beside the date, and writes nothing', async () => {
    // Accepted the next day: a deliberation of the 5th would precede it.
    await setClock(web.t, '2026-01-06T09:00:00Z');
    await open(secretary);
    await act(secretary, 'Accepter la proposition');
    await waitForState(secretary, 'Délibération du conseil municipal attendue');
    await sweep();
    await dgs.goto('/a-traiter');
    await dgs.getByRole('tabpanel', { name: /^À vous d’agir/ }).getByRole('link', { name: 'Paie — Avrillé' }).waitFor();
    expect(await (await bellTitles(dgs, TURN)).count()).toBe(2);
    await dgs.keyboard.press('Escape');
    expect(mailsTo(DEMO.dgs, TURN)).toHaveLength(2);

    await open(secretary);
    const before = await secretary.getByTestId('adhesion-state').textContent();
    await secretary.getByRole('button', { name: 'Enregistrer la délibération', exact: true }).click();
    const dialog = secretary.getByRole('dialog', { name: 'Enregistrer la délibération' });
    await dialog.getByRole('radio', { name: 'Adoptée' }).check();
    await dialog.getByRole('textbox', { name: /^Numéro de la délibération/ }).fill('DEL-2026-003');
    const date = dialog.getByLabel(/^Date de la séance/);
    // The form knows the rule: the day of the acceptance at the earliest, today at the latest.
    expect(await date.getAttribute('min')).toBe('2026-01-06');
    expect(await date.getAttribute('max')).toBe('2026-01-06');
    await date.fill('2026-01-05');
    await dialog.getByRole('button', { name: 'Enregistrer la délibération', exact: true }).click();
    const sentence = 'La date de la délibération ne peut pas précéder l’acceptation de la proposition (06/01/2026).';
    await dialog.getByText(sentence).waitFor();
    // Beside the field: its own error, the one the field is described by, and no alert above the form.
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await date.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((ref) => ref.endsWith('-error'));
    expect(errorId).toBeDefined();
    expect(await dialog.locator(`[id="${errorId}"]`).textContent()).toBe(sentence);
    expect(await dialog.getByRole('alert').filter({ hasText: 'L’action n’a pas été enregistrée' }).count()).toBe(0);
    await check(secretary, '52-secretaire-deliberation-avant-acceptation');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Nothing written: the same state after a reload, no deliberation among the facts or in the history.
    await secretary.reload();
    await waitForState(secretary, 'Délibération du conseil municipal attendue');
    expect(await secretary.getByTestId('adhesion-state').textContent()).toBe(before);
    expect(await secretary.getByText('Délibération — Commune').count()).toBe(0);
    const history = (await web.t.http.get(`/api/adhesions/${id}/history`).set(bearer(web.t, 'avrille'))).body as Array<{ event: string }>;
    expect(history.map((e) => e.event)).not.toContain('RECORD_DELIBERATION');

    // Dated right, it is recorded; the EPCI deliberates and both sign.
    await act(secretary, 'Enregistrer la délibération', async (d) => {
      await d.getByRole('radio', { name: 'Adoptée' }).check();
      await d.getByRole('textbox', { name: /^Numéro de la délibération/ }).fill('DEL-2026-003');
      await d.getByLabel(/^Date de la séance/).fill('2026-01-06');
    });
    await waitForState(secretary, 'Délibération du conseil municipal adoptée');
    await open(dgs);
    await act(dgs, 'Enregistrer la délibération', async (d) => {
      await d.getByRole('radio', { name: 'Adoptée' }).check();
      await d.getByRole('textbox', { name: /^Numéro de la délibération/ }).fill('CC-2026-011');
      await d.getByLabel(/^Date de la séance/).fill('2026-01-06');
    });
    await act(dgs, 'Signer la convention', async (d) => {
      await d.getByRole('textbox', { name: /^Nom du signataire/ }).fill('Christophe Béchu');
      await d.getByRole('textbox', { name: /^Qualité du signataire/ }).fill('Président');
      await d.getByLabel(/^Date de signature/).fill('2026-01-06');
    });
    await open(secretary);
    await act(secretary, 'Signer la convention', async (d) => {
      await d.getByRole('textbox', { name: /^Nom du signataire/ }).fill('Anne-Sophie Lemoine');
      await d.getByRole('textbox', { name: /^Qualité du signataire/ }).fill('Maire');
      await d.getByLabel(/^Date de signature/).fill('2026-01-06');
    });
    await waitForState(secretary, 'Signée — en vigueur à compter du 1er mars 2026');
  }, 90_000);

  it('takes an avenant from its proposal to both signatures, and serves its PDF', async () => {
    await setClock(web.t, '2026-04-01T08:00:00Z');
    await open(dgs);
    await act(dgs, 'Proposer un avenant', async (d) => {
      await d.getByRole('textbox', { name: /^Coût unitaire de fonctionnement/ }).fill('40');
      await d.getByRole('textbox', { name: /^Description des nouvelles conditions/ }).fill('Hausse du coût unitaire de la paie.');
      await d.getByLabel(/^Date d’effet de l’avenant/).fill('2026-07-01');
      await d.getByRole('textbox', { name: /^Objet de l’avenant/ }).fill('Révision du coût du service');
    });
    const card = (page: Page) => page.getByTestId('amendment');
    await card(dgs).getByText('Avenant proposé, en attente de l’accord de l’autre partie').waitFor();

    await open(secretary);
    // Whose turn, in a French sentence.
    await card(secretary).getByText('À la commune d’accepter ou de refuser l’avenant').waitFor();
    await card(secretary).getByText(/25,00\s€ → 40,00\s€/).waitFor();
    await card(secretary).getByText(/1er juillet 2026, au plus tôt à la dernière signature/).waitFor();
    await check(secretary, '53-secretaire-avenant-propose');
    await act(secretary, 'Accepter l’avenant');
    await card(secretary).getByText('Avenant accepté, délibérations des assemblées attendues').waitFor();
    await act(secretary, 'Enregistrer la délibération sur l’avenant', async (d) => {
      await d.getByRole('radio', { name: 'Adoptée' }).check();
      await d.getByRole('textbox', { name: /^Numéro de la délibération/ }).fill('DEL-2026-050');
      await d.getByLabel(/^Date de la séance/).fill('2026-04-01');
    });

    await open(dgs);
    await act(dgs, 'Enregistrer la délibération sur l’avenant', async (d) => {
      await d.getByRole('radio', { name: 'Adoptée' }).check();
      await d.getByRole('textbox', { name: /^Numéro de la délibération/ }).fill('CC-2026-201');
      await d.getByLabel(/^Date de la séance/).fill('2026-04-01');
    });
    await card(dgs).getByText('Avenant approuvé, signatures attendues').waitFor();
    await act(dgs, 'Signer l’avenant', async (d) => {
      await d.getByRole('textbox', { name: /^Nom du signataire/ }).fill('Christophe Béchu');
      await d.getByRole('textbox', { name: /^Qualité du signataire/ }).fill('Président');
      await d.getByLabel(/^Date de signature/).fill('2026-04-01');
    });

    await open(secretary);
    await act(secretary, 'Signer l’avenant', async (d) => {
      await d.getByRole('textbox', { name: /^Nom du signataire/ }).fill('Anne-Sophie Lemoine');
      await d.getByRole('textbox', { name: /^Qualité du signataire/ }).fill('Maire');
      await d.getByLabel(/^Date de signature/).fill('2026-04-01');
    });
    await card(secretary).getByTestId('amendment-turn').getByText('Signé par les deux parties : les nouvelles conditions s’appliqueront à compter du 1er juillet 2026').waitFor();
    await check(secretary, '54-secretaire-avenant-signe');

    const link = card(secretary).getByRole('link', { name: 'Avenant n° 1 (PDF)' });
    const [download] = await Promise.all([secretary.waitForEvent('download'), link.click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await textOf(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('AVENANT N° 1');
    expect(text).toContain('prend effet le 1er juillet 2026');
  }, 90_000);

  it('gives the DGS the very bytes of the deliberation the secretary attached: the same SHA-256', async () => {
    // A PDF of its own, so that its hash is no other file's.
    const bytes = Buffer.concat([SAMPLE_PDF, Buffer.from(`% ${randomBytes(16).toString('hex')}\n`)]);
    await open(secretary);
    const form = secretary.getByRole('form', { name: 'Joindre un fichier' });
    await form.getByRole('combobox', { name: /^Type de pièce/ }).selectOption('deliberation');
    await form.getByRole('radio', { name: 'Conseil municipal' }).check();
    await form.getByRole('textbox', { name: /^Numéro de la délibération/ }).fill('DEL-2026-003');
    await form.getByLabel(/^Date de la délibération/).fill('2026-01-06');
    await form.getByLabel(/^Date de transmission en préfecture/).fill('2026-01-07');
    await form.locator('input[type="file"]').setInputFiles({ name: 'Délibération DEL-2026-003.pdf', mimeType: 'application/pdf', buffer: bytes });
    await form.getByRole('button', { name: 'Joindre le fichier' }).click();
    const section = (page: Page) => page.getByRole('region', { name: 'Pièces jointes' });
    await section(secretary).getByRole('link', { name: 'Délibération DEL-2026-003.pdf' }).waitFor();
    await section(secretary).getByText('Délibération (Commune) n° DEL-2026-003 du 6 janvier 2026, transmise en préfecture le 7 janvier 2026').waitFor();

    await open(dgs);
    const link = section(dgs).getByRole('link', { name: 'Délibération DEL-2026-003.pdf' });
    await check(dgs, '55-dgs-pieces-jointes');
    const [download] = await Promise.all([dgs.waitForEvent('download'), link.click()]);
    const downloaded = readFileSync((await download.path())!);
    expect(sha256(downloaded)).toBe(sha256(bytes));
    // The hash the server stored at the upload is the same.
    const listed = await dgs.request.get(`/api/adhesions/${id}/attachments`);
    expect(listed.status()).toBe(200);
    expect(((await listed.json()) as Array<{ fileName: string; sha256: string }>).find((a) => a.fileName === 'Délibération DEL-2026-003.pdf')?.sha256).toBe(sha256(bytes));
  }, 60_000);

  it('renews the convention at its term: the successor starts the day the old one ends, with no gap', async () => {
    // Two yearly renewals through the API, then the last year of the convention.
    for (const window of ['2026-12-15T10:00:00Z', '2027-12-15T10:00:00Z']) {
      await setClock(web.t, window);
      await send(web.t, 'avrille', id, { type: 'CONFIRM_RENEWAL', plannedUnits: 12 });
      await send(web.t, 'dgs', id, { type: 'VALIDATE_RENEWAL' });
    }
    await setClock(web.t, '2028-10-02T08:00:00Z');

    await open(dgs);
    await dgs.getByRole('button', { name: 'Renouveler la convention', exact: true }).click();
    const dialog = dgs.getByRole('dialog', { name: 'Renouveler la convention' });
    await dialog.getByText(/La nouvelle convention commencera le 1er mars 2029, jour du terme de l’actuelle/).waitFor();
    await check(dgs, '56-dgs-renouveler');
    await dialog.getByRole('button', { name: 'Renouveler la convention', exact: true }).click();
    await dgs.waitForURL((url) => /\/adhesions\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(id));
    successor = new URL(dgs.url()).pathname.split('/').pop()!;
    await dgs.getByText(/Convention précédente\s*— à compter du 1er mars 2029/).waitFor();

    // The secretary sends the renewal, the DGS acknowledges it: no study, the proposal starts at the term.
    await open(secretary, successor);
    await act(secretary, 'Déposer la demande');
    await open(dgs, successor);
    await act(dgs, 'Accuser réception');
    await waitForState(dgs, 'Proposition en préparation');
    await dgs.getByRole('button', { name: 'Émettre la proposition', exact: true }).click();
    const proposal = dgs.getByRole('dialog', { name: 'Émettre la proposition' });
    const start = proposal.getByLabel(/^Date de début souhaitée/);
    expect(await start.inputValue()).toBe('2029-03-01');
    // A day later would leave a gap: refused beside the field.
    await start.fill('2029-03-02');
    await proposal.getByLabel(/^Proposition valable jusqu’au/).fill('2028-12-31');
    await proposal.getByRole('button', { name: 'Émettre la proposition', exact: true }).click();
    await proposal.getByText('Ce renouvellement commence le jour du terme de la convention précédente : la date de début doit être le 01/03/2029.').waitFor();
    await start.fill('2029-03-01');
    await proposal.getByRole('button', { name: 'Émettre la proposition', exact: true }).click();
    await proposal.waitFor({ state: 'hidden' });

    // The councils and the signatures, through the API.
    const today = '2028-10-02';
    await send(web.t, 'avrille', successor, { type: 'ACCEPT_PROPOSAL' });
    await send(web.t, 'avrille', successor, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-2028-090', date: today });
    await send(web.t, 'dgs', successor, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'CC-2028-300', date: today });
    await send(web.t, 'dgs', successor, { type: 'SIGN', signatoryName: 'Christophe Béchu', signatoryQuality: 'Président', date: today });
    await send(web.t, 'avrille', successor, { type: 'SIGN', signatoryName: 'Anne-Sophie Lemoine', signatoryQuality: 'Maire', date: today });

    // The last minute of the old term (midnight in Paris is 23:00Z in winter): the old one in force, the new one to come.
    await setClock(web.t, '2029-02-28T22:59:00Z');
    await open(secretary, successor);
    await waitForState(secretary, 'Signée — en vigueur à compter du 1er mars 2029');
    expect(await secretary.getByTestId('adhesion-state').getByText('Convention active', { exact: true }).count()).toBe(0);
    await open(secretary);
    await waitForState(secretary, 'Convention active');
    await secretary.getByRole('link', { name: 'Nouvelle convention' }).waitFor();

    // The term's day: the old convention has ended, the new one is in force from that same day.
    await setClock(web.t, '2029-02-28T23:00:00Z');
    await open(secretary);
    await waitForState(secretary, 'Convention arrivée à son terme');
    await secretary.getByRole('link', { name: 'Nouvelle convention' }).click();
    await secretary.waitForURL(`**/adhesions/${successor}`);
    // Seen the evening before with the same version: the label is today's, not the browser's kept copy.
    await waitForState(secretary, 'Convention active');
    const facts = secretary.getByRole('region', { name: 'Le dossier' });
    await facts.getByText('En vigueur depuis', { exact: true }).waitFor();
    await facts.getByText('1er mars 2029', { exact: true }).waitFor();
    await check(secretary, '57-secretaire-convention-renouvelee');
  }, 90_000);

  it('finds no serious or critical accessibility violation on any page', () => {
    expect(reports.length).toBe(8);
    expect(reports.filter((r) => r.violations.length > 0)).toEqual([]);
  });
});
