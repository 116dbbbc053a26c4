/**
 * End-to-end harness: the real server (startServer, so the Admin UI is mounted exactly as `synthdatagen
 * serve` mounts it) on a fresh SQLite file in a temp folder, one API key per role, and Debian's Chromium
 * driven by playwright-core. Helpers log a page in as a role, run axe-core on it, and call the API directly
 * with a role's key (to prove the server refuses what the UI hides).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createKey, type Role } from '../../src/auth/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';

export const ROLES: readonly Role[] = ['qa_engineer', 'ml_engineer', 'compliance_admin', 'admin'];

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

const UI_INDEX = resolve(import.meta.dirname, '../../web/dist/index.html');

export interface E2eServer {
  readonly url: string;
  readonly server: RunningServer;
  readonly keys: Readonly<Record<Role, string>>;
  readonly keyIds: Readonly<Record<Role, string>>;
  readonly dataDir: string;
  /** Calls the API with a role's key (or none). */
  api(role: Role | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startE2eServer(overrides: { asyncRowThreshold?: number } = {}): Promise<E2eServer> {
  if (!existsSync(UI_INDEX)) throw new Error('web/dist is missing: run `npm run build:web` first (npm run test:e2e does)');
  const dataDir = mkdtempSync(join(tmpdir(), 'sdg-e2e-'));
  const server = await startServer(
    { LOG_LEVEL: 'silent' },
    {
      dataDir,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      asyncRowThreshold: overrides.asyncRowThreshold ?? 5000,
      rateLimitMax: 100_000,
    },
  );
  const keys = {} as Record<Role, string>;
  const keyIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    const created = await createKey(server.store, { role, name: `${role.replace('_', ' ')} (e2e)` });
    keys[role] = created.secret;
    keyIds[role] = created.key.id;
  }
  const url = server.url.replace('localhost', '127.0.0.1');
  return {
    url,
    server,
    keys,
    keyIds,
    dataDir,
    async api(role, method, path, body) {
      const response = await fetch(url + path, {
        method,
        headers: {
          ...(role ? { authorization: `Bearer ${keys[role]}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = { text };
      }
      return { status: response.status, json };
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface PageOptions {
  readonly viewport?: { width: number; height: number };
  readonly theme?: 'light' | 'dark';
  /** Mark the tutorial as seen (most tests do not want it over the page). */
  readonly tourSeen?: boolean;
}

/**
 * A fresh context (its own session storage) logged in as `role` through the login form, as a person would.
 * Console errors and CSP violations are collected in `problems`.
 */
export async function loginAs(
  browser: Browser,
  server: E2eServer,
  role: Role,
  options: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.theme ?? 'light',
    acceptDownloads: true,
    reducedMotion: 'reduce',
  });
  // Init scripts run in every frame, the report's sandboxed (storage-less) frame too: top frame only.
  if (options.tourSeen !== false) await context.addInitScript(() => window === window.top && localStorage.setItem('sdg.tour.done', '1'));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (4\d\d)/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(server.url + '/');
  await page.getByLabel('API key').fill(server.keys[role]);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('who').waitFor({ state: 'attached' });
  return { context, page, problems };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/** axe-core (WCAG 2.x A/AA rules) on the page as it is; returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // page.evaluate runs over the DevTools protocol, so the page's CSP does not block the injected script.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: unknown,
          ): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Opens a page of the app by its path (client-side navigation after login keeps the session). */
export async function openPath(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

export const LEAKY_SCHEMA = {
  type: 'object',
  required: ['id', 'email'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 1000 }, email: { const: 'john.smith@gmail.com' } },
};

export const CLEAN_SCHEMA = {
  type: 'object',
  required: ['id', 'age', 'plan', 'email'],
  properties: {
    id: { type: 'integer', minimum: 1, maximum: 1000000, 'x-unique': true },
    age: { type: 'integer', minimum: 18, maximum: 90 },
    plan: { enum: ['free', 'pro', 'team'] },
    email: { type: 'string', format: 'email' },
  },
};

/** Replaces the editor's text (CodeMirror: select all, then type through the clipboard-free insertText). */
export async function setEditorText(page: Page, text: string, nth = 0): Promise<void> {
  const content = page.locator('.cm-content').nth(nth);
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
