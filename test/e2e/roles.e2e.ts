/**
 * Each role, logged in through the UI: it sees and can use exactly what the server's permission matrix
 * allows (src/auth/permissions.ts, read here through `can`), what it may not do is hidden or disabled, and
 * the server refuses it anyway when called directly with the same key. axe-core runs on every page it sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { can, type Permission, type Role } from '../../src/auth/index.js';
import { CLEAN_SCHEMA, launchBrowser, loginAs, openPath, ROLES, seriousViolations, startE2eServer, type E2eServer } from './support.js';

let server: E2eServer;
let browser: Browser;
let runId: string;
let schemaId: string;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  const saved = await server.api('admin', 'POST', '/api/schemas', {
    name: 'customers',
    description: 'Retail customers',
    schema: CLEAN_SCHEMA,
  });
  schemaId = (saved.json.schema as { id: string }).id;
  await server.api('admin', 'POST', '/api/templates', {
    name: 'Customers 500',
    content: { schema: CLEAN_SCHEMA, rowCount: 500, format: 'csv' },
  });
  await server.api('admin', 'POST', '/api/presets', {
    name: 'Quick CSV',
    content: { rowCount: 100, format: 'csv', options: { visualizations: false } },
  });
  const run = await server.api('qa_engineer', 'POST', '/api/syntheticDataPipeline', {
    schemaId,
    rowCount: 150,
    seed: 3,
    options: { visualizations: { charts: ['histogram'], columns: ['age'] } },
  });
  expect(run.status).toBe(200);
  runId = run.json.runId as string;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** Direct API calls that need one permission each, with a body the server would accept. */
const PROBES: ReadonlyArray<{ permission: Permission; method: string; path: () => string; body?: (role: Role) => unknown }> = [
  {
    permission: 'pipeline:run',
    method: 'POST',
    path: () => '/api/syntheticDataPipeline',
    body: () => ({ schema: CLEAN_SCHEMA, rowCount: 5, options: { visualizations: false } }),
  },
  {
    permission: 'schemas:write',
    method: 'POST',
    path: () => '/api/schemas',
    body: (role) => ({ name: `probe ${role}`, schema: CLEAN_SCHEMA }),
  },
  {
    permission: 'templates:write',
    method: 'POST',
    path: () => '/api/templates',
    body: (role) => ({ name: `probe ${role}`, content: { schema: CLEAN_SCHEMA } }),
  },
  { permission: 'settings:read', method: 'GET', path: () => '/api/settings' },
  { permission: 'settings:write', method: 'PUT', path: () => '/api/settings', body: () => ({ defaultRowCount: 1000 }) },
  { permission: 'audit:read', method: 'GET', path: () => '/api/audit?limit=1' },
  { permission: 'audit:verify', method: 'GET', path: () => '/api/audit/verify' },
  { permission: 'keys:manage', method: 'GET', path: () => '/api/keys' },
  { permission: 'runs:read', method: 'GET', path: () => `/api/runs/${runId}` },
];

describe.each(ROLES)('as %s', (role: Role) => {
  it('shows the pages and controls the role may use, and every page passes axe-core', async () => {
    const { context, page, problems } = await loginAs(browser, server, role);
    try {
      const nav = page.getByRole('navigation', { name: 'Main' });
      const expected = [
        'Generate',
        'Library',
        'History',
        ...(can(role, 'audit:read') ? ['Audit'] : []),
        ...(can(role, 'settings:read') || can(role, 'keys:manage') ? ['Settings'] : []),
      ];
      expect(await nav.getByRole('link').allInnerTexts()).toEqual(expected);
      // The start page: makers land on Generate, the others on History.
      await page.waitForURL(can(role, 'pipeline:run') ? /\/generate$/ : /\/history$/);

      // Generate: Run only for makers; Save to library only with schemas:write.
      await nav.getByRole('link', { name: 'Generate' }).click();
      await page.getByTestId('lint-status').waitFor();
      await page.getByTestId('preview-table').waitFor();
      const runButton = page.getByRole('button', { name: 'Run', exact: true });
      expect(await runButton.isEnabled()).toBe(can(role, 'pipeline:run'));
      if (!can(role, 'pipeline:run')) await expect(page.getByText('may review runs but not start them').isVisible()).resolves.toBe(true);
      expect(await page.getByRole('button', { name: 'Save to library…' }).count()).toBe(can(role, 'schemas:write') ? 1 : 0);
      await expectAccessible(page, `${role} generate`);

      // Library: schemas, a schema's page, templates and presets.
      await nav.getByRole('link', { name: 'Library' }).click();
      await page.getByTestId('schemas-table').waitFor();
      await expectAccessible(page, `${role} library`);
      await page.getByRole('link', { name: 'customers' }).click();
      await page.getByTestId('versions-table').waitFor();
      await page.locator('.cm-content').first().waitFor();
      expect(await page.getByRole('button', { name: 'Add a version…' }).count()).toBe(can(role, 'schemas:write') ? 1 : 0);
      expect(await page.getByRole('button', { name: 'Delete…' }).count()).toBe(can(role, 'schemas:write') ? 1 : 0);
      expect(await page.getByRole('button', { name: /Set as default|Unset default/ }).count()).toBe(can(role, 'settings:write') ? 1 : 0);
      await expectAccessible(page, `${role} schema page`);
      await page.getByRole('tab', { name: 'Templates' }).click();
      await page.getByTestId('templates-table').waitFor();
      expect(await page.getByRole('button', { name: 'New template…' }).count()).toBe(can(role, 'templates:write') ? 1 : 0);
      expect((await page.getByRole('button', { name: /^Edit/ }).count()) > 0).toBe(can(role, 'templates:write'));
      await expectAccessible(page, `${role} templates`);
      await page.getByRole('tab', { name: 'Presets' }).click();
      await page.getByTestId('presets-table').waitFor();
      await expectAccessible(page, `${role} presets`);

      // History and a run.
      await nav.getByRole('link', { name: 'History' }).click();
      await page.getByTestId('runs-table').waitFor();
      await expectAccessible(page, `${role} history`);
      await page.getByRole('link', { name: runId }).click();
      await page.getByTestId('fingerprint').waitFor();
      await page.locator('.chart-button img').first().waitFor();
      await expectAccessible(page, `${role} run page`);

      // Audit and Settings: present and usable, or refused with a message (and hidden from the menu).
      await openPath(page, '/audit');
      if (can(role, 'audit:read')) {
        await page.getByTestId('audit-table').waitFor();
        expect(await page.getByRole('button', { name: 'Verify the chain' }).count()).toBe(can(role, 'audit:verify') ? 1 : 0);
        await expectAccessible(page, `${role} audit`);
      } else {
        await page.getByTestId('not-allowed').waitFor();
        expect(await page.getByTestId('audit-table').count()).toBe(0);
      }
      await openPath(page, '/settings');
      if (can(role, 'settings:read') || can(role, 'keys:manage')) {
        await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
        if (can(role, 'settings:read')) await page.getByRole('switch').waitFor();
        if (can(role, 'keys:manage')) await page.getByTestId('keys-table').waitFor();
        expect(await page.getByRole('heading', { name: 'API keys' }).count()).toBe(can(role, 'keys:manage') ? 1 : 0);
        await expectAccessible(page, `${role} settings`);
      } else {
        await page.getByTestId('not-allowed').waitFor();
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is refused by the API for everything the UI hides from it', async () => {
    for (const probe of PROBES) {
      const answer = await server.api(role, probe.method, probe.path(), probe.body?.(role));
      if (can(role, probe.permission)) expect(answer.status, `${role} ${probe.method} ${probe.path()}`).toBeLessThan(300);
      else {
        expect(answer.status, `${role} ${probe.method} ${probe.path()}`).toBe(403);
        expect((answer.json.error as { code: string }).code).toBe('SDG_ERR_FORBIDDEN');
      }
    }
  });
});

it('refuses a wrong key at the login form and never puts the key in a URL', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  try {
    await page.goto(server.url + '/history');
    await page.getByLabel('API key').fill('sdg_not-a-real-key-0000000000000000');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/not valid/);
    await page.getByLabel('API key').fill(server.keys.qa_engineer);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('runs-table').waitFor();
    expect(urls.some((url) => url.includes(server.keys.qa_engineer))).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('sdg.apiKey'))).toBe(server.keys.qa_engineer);
    expect(await page.evaluate(() => localStorage.getItem('sdg.apiKey'))).toBeNull();
    // Logging out forgets the key.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('sdg.apiKey'))).toBeNull();
  } finally {
    await context.close();
  }
});
