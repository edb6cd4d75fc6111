/**
 * Real headless Chromium (Debian's binary, never a downloaded one) through playwright-core, and
 * axe-core run on each visited page: a serious or critical WCAG 2.1 AA violation fails the test.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Deps } from '../src/shared/deps.ts';
import { SESSION_COOKIE } from '../src/http/middleware/auth.ts';
import { buildTestApp } from './app.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.TEST_CHROMIUM;

/** Why browser tests are skipped here, or false when Chromium is available. */
export const browserSkip: string | false = CHROMIUM ? false : 'Chromium not found (npm test looks for /usr/bin/chromium; .ci/run installs it)';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails on serious or critical findings. */
export async function assertAccessible(page: Page): Promise<void> {
  // evaluate() is not subject to the page's Content-Security-Policy, unlike an injected <script>.
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations;
  })) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    [],
    `accessibility violations on ${page.url()}`,
  );
}

/** The app listening on a free loopback port, and Chromium; `close()` stops both. */
export async function openBrowserRig(deps: Deps): Promise<{ app: FastifyInstance; base: string; browser: Browser; close: () => Promise<void> }> {
  const app = await buildTestApp(deps);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  return {
    app, base, browser,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/**
 * A browser context signed in to the console with `session` (a session cookie value). axe needs
 * JavaScript, and its script is not in the page's CSP, so the context bypasses CSP.
 */
export async function signedInContext(rig: { base: string; browser: Browser }, session: string): Promise<BrowserContext> {
  const context = await rig.browser.newContext({ bypassCSP: true });
  await context.addCookies([{ name: SESSION_COOKIE, value: session, url: rig.base }]);
  return context;
}

/** Visits each path under `base`: it answers 200, has one h1, and passes axe. */
export async function assertPagesAccessible(page: Page, base: string, paths: string[]): Promise<void> {
  for (const path of paths) {
    const res = await page.goto(`${base}${path}`);
    assert.equal(res?.status(), 200, path);
    assert.equal(await page.locator('h1').count(), 1, `one h1 on ${path}`);
    await assertAccessible(page);
  }
}
