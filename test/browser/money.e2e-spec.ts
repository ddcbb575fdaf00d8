// In a real browser, the money of a convention's year: Avrillé's ADS convention starts on 15 March 2027, paid
// quarterly. On 2 April the agent records the acts of the first quarter: a negative count is refused, in
// French, beside its field; the right counts then show in the table of the periods. The secretary, on her
// phone, reads the same forecast at the top of the page and in « Finances », and may contest the units.
// Each page is screenshotted (test-results/browser) and checked with axe-core.
import { type Page } from 'playwright-core';
import { activate, setClock } from '../support/journeys.js';
import { DEMO } from '../support/test-app.js';
import { audit, newPerson, signIn, startWebApp, type AxeReport, type WebApp } from './support/browser.js';

const PHONE = { width: 390, height: 844 };
// 180,50 € (the convention's, provisional: 2027's cost is not notified) × 42 × 292/365 days = 6 064,80 €
const FORECAST = '6 064,80 €';

/** A test id's text, its no-break spaces (French money: « 6 064,80 € ») as plain spaces. */
async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s/g, ' ');
}

describe('the money of a convention’s year, in the browser', () => {
  let web: WebApp;
  let url = '';
  const reports: AxeReport[] = [];
  const check = async (page: Page, name: string) => {
    reports.push(await audit(page, name));
  };

  beforeAll(async () => {
    web = await startWebApp();
    await setClock(web.t, '2027-01-04T09:00:00Z');
    const id = await activate(web.t, 'avrille', 'ADS', '2027-03-15', '2027-03-15', { unitCostCents: 18_050, forecastUnits: 42, periodicity: 'quarterly' });
    url = `/adhesions/${id}`;
    await setClock(web.t, '2027-04-02T08:00:00Z');
  }, 120_000);

  afterAll(async () => {
    await web?.close();
  });

  it('lets the agent record the acts of a quarter, a wrong count refused beside its field', async () => {
    const { page } = await newPerson(web);
    await signIn(page, DEMO.agent);
    await page.goto(url);
    const firstQuarter = page.locator('[data-testid="money-periods"] tr[data-period="1"]');
    await firstQuarter.getByText('À saisir').waitFor();

    await page.getByRole('button', { name: 'Saisir les unités — 1er trimestre 2027' }).click();
    const dialog = page.getByRole('dialog', { name: 'Saisir les unités — 1er trimestre 2027' });
    const pc = dialog.getByLabel(/^Permis de construire \(PC\), poids 1/);
    const dp = dialog.getByLabel(/\(DP\), poids 0,7/);
    await pc.fill('-3');
    await dp.fill('4');
    await dialog.getByRole('button', { name: 'Enregistrer les unités' }).click();
    await dialog.getByText('Un nombre d’actes ne peut pas être négatif.').waitFor();
    expect(await pc.getAttribute('aria-invalid')).toBe('true');
    expect(await dp.getAttribute('aria-invalid')).not.toBe('true');
    await check(page, '40-agent-unites-erreur');

    await pc.fill('3');
    await dialog.getByRole('button', { name: 'Enregistrer les unités' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // 3 PC × 1 + 4 DP × 0,7 = 5,8 équivalents permis
    await firstQuarter.getByTestId('period-units').getByText('5,8').waitFor();
    await firstQuarter.getByText('3 PC, 4 DP').waitFor();
    await firstQuarter.getByText(/^Saisi le 2 avril 2027/).waitFor();
    await check(page, '41-agent-finances');
    await page.context().close();
  }, 60_000);

  it('shows the secretary, on her phone, the forecast of the year and the « Contester » action', async () => {
    const { page } = await newPerson(web, PHONE);
    await signIn(page, DEMO.avrille);
    await page.goto(url);
    // The estimate at the top and the forecast of « Finances » are one figure, with the pro rata.
    await page.getByTestId('money-forecast').waitFor();
    expect(await textOf(page, 'annual-cost')).toMatch(new RegExp(`^${FORECAST} en 2027 \\(180,50 € × 42 .* × 292/365 jours\\)$`));
    expect(await textOf(page, 'money-forecast')).toBe(FORECAST);
    expect(await textOf(page, 'money-pro-rata')).toBe('292 jours sur 365');
    await page.getByRole('button', { name: 'Contester les unités — 1er trimestre 2027' }).waitFor();
    await page.getByText('Contestable jusqu’au 2 mai 2027').waitFor();
    expect(await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth <= root.clientWidth;
    })).toBe(true);
    await check(page, '42-secretaire-finances-telephone');
    await page.context().close();
  }, 60_000);

  // The audit's own check: axe is run in the page by the harness (support/browser.ts), so a page with known
  // violations, one of them in a frame, must come back with them.
  it('finds the violations of a page that has some, in its frames too', async () => {
    const { context, page } = await newPerson(web);
    await page.goto('/connexion');
    await page.setContent('<html lang="fr"><head><title>Essai</title></head><body><main><img src="data:,"><iframe title="cadre" srcdoc="<html lang=fr><body><img src=data:,></body></html>"></iframe></main></body></html>');
    await page.frames()[1]?.waitForLoadState();
    const report = await audit(page, '99-essai-violations');
    const images = report.violations.find((v) => v.id === 'image-alt');
    expect(images?.impact).toBe('critical');
    expect(images?.targets).toHaveLength(2);
    await context.close();
  }, 60_000);

  it('finds no serious or critical accessibility violation on any page', () => {
    expect(reports.length).toBe(3);
    expect(reports.filter((r) => r.violations.length > 0)).toEqual([]);
  });
});
