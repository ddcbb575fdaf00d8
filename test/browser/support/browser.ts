// The harness of the browser tests: the real app on an ephemeral port, the SPA on the same origin, Debian's
// Chromium driven by playwright-core, and axe-core on every page with a screenshot beside it.
import type { AxeResults, RunOptions } from 'axe-core';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DemoCredentials } from '#application';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { serveSpa, type SpaServer } from './spa-server.js';
import { DIST_DIR, ensureWebBuilt, ROOT } from './web-build.js';

/** axe-core's script, injected into each page (its documented use: `axe.source`, then `axe.run`). */
const axeCore = createRequire(import.meta.url)('axe-core') as { source: string; version: string };
/** WCAG 2.1, levels A and AA. */
const AXE_OPTIONS: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results/browser');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface WebApp {
  t: TestApp;
  browser: Browser;
  /** The origin the browser uses: the api itself once it serves the SPA, else our static server. */
  baseUrl: string;
  /** Whether the api served the SPA at `/` (the lead's static serving has landed). */
  servedByApi: boolean;
  close(): Promise<void>;
}

/** Does the api answer `/` with the SPA? Then the browser talks to it directly. */
async function apiServesSpa(apiUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${apiUrl}/`);
    const body = await response.text();
    return response.ok && (response.headers.get('content-type') ?? '').includes('text/html') && body.includes('id="root"');
  } catch {
    return false;
  }
}

/** `env`: more of the app's configuration, e.g. SMTP_URL for a test that reads the e-mails (test/support/smtp-sink.ts). */
export async function startWebApp(env: Record<string, string> = {}): Promise<WebApp> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does it), or set CHROMIUM_PATH`);
  ensureWebBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const t = await startTestApp('sqlite', env);
  // The demo's passwords are random, drawn at seeding; signIn types them.
  for (const account of t.app.get(DemoCredentials).list() ?? []) demoPasswords.set(account.email, account.password);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const apiUrl = `http://127.0.0.1:${port}`;
  const servedByApi = await apiServesSpa(apiUrl);
  let spa: SpaServer | null = null;
  if (!servedByApi) spa = await serveSpa(DIST_DIR, port);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return {
    t,
    browser,
    baseUrl: spa?.url ?? apiUrl,
    servedByApi,
    close: async () => {
      await browser.close().catch(() => undefined);
      await spa?.close();
      await t.close();
    },
  };
}

/** A person at their own browser: a fresh context (cookies, storage), French, Paris time, a laptop screen. */
export async function newPerson(web: WebApp, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  // Reduced motion: Mantine then skips its transitions, so nothing is caught half-faded.
  const context = await web.browser.newContext({ baseURL: web.baseUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport, reducedMotion: 'reduce' });
  // Generous: CI runs this beside the other suites on a small machine.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return { context, page };
}

/** The generated passwords of the demo accounts of the running web app. */
const demoPasswords = new Map<string, string>();

export function passwordOf(email: string): string {
  const password = demoPasswords.get(email);
  if (!password) throw new Error(`No demo password for ${email}: start the web app first`);
  return password;
}

/** Signs in through the login form, with the keyboard only; resolves on the role's home page. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/connexion');
  await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(passwordOf(email));
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
  await page.getByRole('heading', { level: 1 }).waitFor();
}

export interface AxeReport {
  page: string;
  violations: Array<{ id: string; impact: string | null | undefined; help: string; targets: string[]; summary: string }>;
}

/** Waits for the page's data, screenshots it, runs axe (WCAG 2.1 A/AA); returns serious and critical violations. */
export async function audit(page: Page, name: string): Promise<AxeReport> {
  await page.waitForLoadState('load');
  // Loaders are live regions (role="status"): the page has its data when none is left.
  await page.locator('[role="status"]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  // A popover or modal still fading in would be measured at half contrast.
  // Functions, not strings: the page's CSP forbids eval, which a string predicate needs.
  // (Serialised into the page: no closure, the DOM's types spelled out since the tests compile without the DOM lib.)
  await page
    .waitForFunction(() => (globalThis as unknown as { document: { getAnimations(): Array<{ playState: string }> } }).document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 5_000 })
    .catch(() => undefined);
  // From the top, or the fixed header lands in the middle of a full-page screenshot.
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const violations = await axeViolations(page);
  return {
    page: name,
    violations: violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`),
        summary: v.nodes[0]?.failureSummary ?? '',
      })),
  };
}

/**
 * Runs axe-core on the page as @axe-core/playwright's AxeBuilder (which these tests used) does in its legacy mode (injected into every
 * frame, then `axe.run` on the top document), and brings back only the violations. AxeBuilder's default mode
 * opens a blank page per audit to finish the run there, and returns the whole result (every passed and
 * inapplicable rule with its nodes, some 500 kB): on this app, both cost more than axe's own run. Axe is
 * injected once per document: each `axe.run` starts from a fresh cache and virtual tree.
 */
async function axeViolations(page: Page): Promise<AxeResults['violations']> {
  const configure = 'axe.configure({ allowedOrigins: ["<same_origin>"], branding: { application: "playwright" } })';
  const injected = `typeof window.axe === "object" && window.axe.version === ${JSON.stringify(axeCore.version)}`;
  for (const frame of page.frames()) {
    const top = frame === page.mainFrame();
    try {
      if (await frame.evaluate(injected)) continue;
      await frame.evaluate(axeCore.source);
      await frame.evaluate(configure);
    } catch (error) {
      // As AxeBuilder: a frame that cannot take axe (gone, or not ready) is skipped; the top document must.
      if (top) throw error;
    }
  }
  const json = await page.evaluate(async (options) => {
    const window = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown }> }; document: unknown };
    return JSON.stringify((await window.axe.run(window.document, options)).violations);
  }, AXE_OPTIONS);
  return JSON.parse(json) as AxeResults['violations'];
}

/** Opens the action's modal, lets `fill` complete it, and confirms; resolves when the modal has closed. */
export async function act(page: Page, action: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The adhesion page shows this state (top-level label or one of the detailed ones). */
export async function waitForState(page: Page, label: string): Promise<void> {
  await page.getByTestId('adhesion-state').getByText(label, { exact: false }).first().waitFor();
}
