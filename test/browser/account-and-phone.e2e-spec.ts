// In a real browser: a secretary changes her password from the user menu (errors beside their fields, then
// signed out and in again with the new one), and on a phone (390 px) the DGS reads the inbox, the members of a
// service and the annual report without scrolling sideways: each table row becomes a card. Every page is
// screenshotted (test-results/browser) and checked with axe-core.
import { type Page } from 'playwright-core';
import { activate, send } from '../support/journeys.js';
import { bearer, DEMO } from '../support/test-app.js';
import { audit, newPerson, passwordOf, signIn, startWebApp, type AxeReport, type WebApp } from './support/browser.js';

const PHONE = { width: 390, height: 844 };

/** Nothing wider than the screen: neither the page nor a table's own scrolling frame. */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(s: string): ArrayLike<{ scrollWidth: number; clientWidth: number; className: string }> } }).document;
    const found: string[] = [];
    if (doc.documentElement.scrollWidth > doc.documentElement.clientWidth) found.push(`page ${doc.documentElement.scrollWidth} > ${doc.documentElement.clientWidth}`);
    for (const el of Array.from(doc.querySelectorAll('.mantine-TableScrollContainer-scrollContainer, .mantine-ScrollArea-viewport'))) {
      if (el.scrollWidth > el.clientWidth + 1) found.push(`${el.className.split(' ').pop()} ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return found;
  });
}

describe('the account menu and the tables on a phone, in the browser', () => {
  let web: WebApp;
  const reports: AxeReport[] = [];
  const check = async (page: Page, name: string) => {
    reports.push(await audit(page, name));
  };

  beforeAll(async () => {
    web = await startWebApp();
    // A convention in force (the members of ADS, the report) and a request waiting on the EPCI (the inbox).
    await activate(web.t, 'trelaze', 'ADS', '2026-03-01');
    const draft = await web.t.http.post('/api/adhesions').set(bearer(web.t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'PAIE', forecastUnits: 30 });
    expect(draft.status).toBe(201);
    await send(web.t, 'avrille', draft.body.id, { type: 'SUBMIT' });
  }, 120_000);

  afterAll(async () => {
    await web?.close();
  });

  it('lets a secretary change her password from the user menu, with each error beside its field', async () => {
    const { page } = await newPerson(web);
    const email = DEMO.doue;
    const current = passwordOf(email);
    const fresh = 'un-nouveau-mot-de-passe-solide';
    await signIn(page, email);

    await page.getByRole('button', { name: /^Mon compte/ }).click();
    await page.getByRole('menuitem', { name: 'Changer mon mot de passe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Changer mon mot de passe' }).waitFor();
    const currentField = page.getByLabel(/^Mot de passe actuel/);
    const newField = page.getByLabel(/^Nouveau mot de passe/);
    const confirmation = page.getByLabel(/^Confirmer le nouveau mot de passe/);
    const submit = page.getByRole('button', { name: 'Changer le mot de passe' });

    // Checked in the browser first: nothing typed, a short password, two different ones.
    await submit.click();
    await page.getByText('Indiquez votre mot de passe actuel.').waitFor();
    await page.getByText('Indiquez un nouveau mot de passe.').waitFor();
    expect(await currentField.getAttribute('aria-invalid')).toBe('true');
    await newField.fill('trop-court');
    await submit.click();
    await page.getByText('Au moins 12 caractères.').waitFor();
    await newField.fill(fresh);
    await confirmation.fill(`${fresh}!`);
    await submit.click();
    await page.getByText('Les deux mots de passe saisis ne sont pas identiques.').waitFor();
    await check(page, '30-mot-de-passe-erreurs');

    // Then by the server, in French, beside the field it is about.
    await currentField.fill('pas-le-bon-mot-de-passe');
    await confirmation.fill(fresh);
    await submit.click();
    await page.getByText('Le mot de passe actuel est incorrect.').waitFor();
    expect(await currentField.getAttribute('aria-invalid')).toBe('true');
    expect(await newField.getAttribute('aria-invalid')).not.toBe('true');
    // A corrected field loses its error.
    await currentField.fill(current);
    await page.getByText('Le mot de passe actuel est incorrect.').waitFor({ state: 'detached' });
    await newField.fill('motdepasse123');
    await confirmation.fill('motdepasse123');
    await submit.click();
    await page.getByText('Ce mot de passe est trop courant : choisissez-en un autre.').waitFor();
    expect(await newField.getAttribute('aria-invalid')).toBe('true');

    // Changed: every session is closed, this one too; the new password signs her in, the old one no longer.
    await newField.fill(fresh);
    await confirmation.fill(fresh);
    await submit.click();
    await page.waitForURL('**/connexion');
    await page.getByText('Reconnectez-vous avec votre nouveau mot de passe.').waitFor();
    await page.goto('/mon-portefeuille');
    await page.waitForURL('**/connexion');
    const login = async (password: string) => {
      await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(email);
      await page.getByLabel(/^Mot de passe/).fill(password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
    };
    await login(current);
    await page.getByText('Adresse électronique ou mot de passe incorrect.').waitFor();
    await login(fresh);
    await page.waitForURL('**/mon-portefeuille');
    await page.context().close();
  }, 60_000);

  it('shows the inbox, the members of a service and the annual report on a phone without scrolling sideways', async () => {
    const { page } = await newPerson(web, PHONE);
    await signIn(page, DEMO.dgs);

    await page.goto('/a-traiter');
    await page.getByRole('link', { name: /Paie.*Avrillé/ }).waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    const deadline = page.locator('td[data-label="Échéance"]').first();
    const actions = page.locator('td[data-label="Actions attendues"]').first();
    for (const cell of [deadline, actions]) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await check(page, '31-dgs-a-traiter-telephone');

    await page.goto('/repartition/ADS');
    await page.getByRole('link', { name: 'Trélazé' }).waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    const amount = (await page.locator('tbody td[data-label="Montant"]').first().boundingBox())!;
    expect(amount.x + amount.width).toBeLessThanOrEqual(PHONE.width);
    await check(page, '32-dgs-repartition-telephone');

    await page.goto('/rapport');
    await page.getByRole('heading', { level: 2, name: 'Adhésions par service et par état' }).waitFor();
    // Trélazé's convention is signed and starts on 1 March, after the clock's 5 January: counted apart, not active.
    await page.locator('td[data-label="Signée, à venir"]').first().waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await check(page, '33-dgs-rapport-telephone');

    // The user menu, on a phone an icon: the name is in the menu.
    await page.getByRole('button', { name: /^Mon compte/ }).click();
    await page.getByRole('menuitem', { name: 'Changer mon mot de passe' }).waitFor();
    await check(page, '34-dgs-menu-compte-telephone');
    await page.context().close();
  }, 60_000);

  it('finds no serious or critical accessibility violation on any page', () => {
    expect(reports.length).toBe(5);
    expect(reports.filter((r) => r.violations.length > 0)).toEqual([]);
  });
});
