/**
 * Screenshots of every page of the Admin UI for docs/images/ui/ (README and docs/ui.md show them):
 * desktop 1280×800 and a 390-pixel phone, light and dark where the theme matters. Not a test: run it after
 * a UI change and look at the pictures.
 *
 *   npm run build:web && npx tsx test/e2e/screenshots.ts [outDir]
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  CLEAN_SCHEMA,
  DESKTOP,
  LEAKY_SCHEMA,
  PHONE,
  launchBrowser,
  loginAs,
  openPath,
  setEditorText,
  startE2eServer,
  type E2eServer,
} from './support.js';

const OUT = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../../docs/images/ui'));

const ORDERS_V1 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Order',
  type: 'object',
  required: ['order_id', 'customer_email', 'total', 'status', 'placed_at'],
  properties: {
    order_id: { type: 'string', format: 'uuid', 'x-unique': true },
    customer_email: { type: 'string', format: 'email' },
    total: { type: 'number', minimum: 1, maximum: 2000, multipleOf: 0.01, 'x-distribution': { type: 'lognormal', mu: 4, sigma: 0.8 } },
    status: { enum: ['placed', 'shipped', 'delivered', 'returned'], 'x-weights': [20, 30, 45, 5] },
    placed_at: { type: 'string', format: 'date-time' },
  },
};

const ORDERS_V2 = {
  ...ORDERS_V1,
  required: [...ORDERS_V1.required, 'items'],
  properties: {
    ...ORDERS_V1.properties,
    items: { type: 'integer', minimum: 1, maximum: 12, 'x-distribution': 'zipf' },
    coupon: { type: ['string', 'null'], pattern: '^[A-Z]{4}[0-9]{2}$', 'x-nullRate': 0.7 },
  },
};

async function seed(server: E2eServer): Promise<{ schemaId: string; runId: string }> {
  const saved = await server.api('qa_engineer', 'POST', '/api/schemas', {
    name: 'orders',
    description: 'Web shop orders',
    schema: ORDERS_V1,
  });
  const schemaId = (saved.json.schema as { id: string }).id;
  await server.api('qa_engineer', 'PUT', `/api/schemas/${schemaId}`, { schema: ORDERS_V2 });
  await server.api('ml_engineer', 'POST', '/api/schemas', {
    name: 'customers',
    description: 'Retail customer accounts',
    schema: CLEAN_SCHEMA,
  });
  await server.api('qa_engineer', 'POST', '/api/templates', {
    name: 'Orders — 10k CSV',
    description: 'Load-test fixture',
    content: { schema: ORDERS_V2, rowCount: 10000, format: 'csv' },
  });
  await server.api('qa_engineer', 'POST', '/api/templates', {
    name: 'Customers — small JSON',
    content: { schema: CLEAN_SCHEMA, rowCount: 200, format: 'json' },
  });
  await server.api('ml_engineer', 'POST', '/api/presets', {
    name: 'Strict quality',
    description: 'Fail under 0.9 quality',
    content: { options: { thresholds: { quality: { pass: 0.9, warn: 0.8 } } } },
  });
  // History: a season of runs recorded through the store, then a few real ones with charts and reports.
  const users = [server.keyIds.qa_engineer, server.keyIds.ml_engineer];
  const start = Date.now() - 40 * 86_400_000;
  await server.server.store.transaction(async (tx) => {
    for (let i = 0; i < 240; i++) {
      const createdAt = new Date(start + i * 14_000_000).toISOString();
      const run = await tx.runs.create({
        status: 'running',
        userId: users[i % 2]!,
        role: i % 2 === 0 ? 'qa_engineer' : 'ml_engineer',
        request: {},
        rowCount: [1000, 5000, 250, 20000, 100000][i % 5]!,
        seed: i,
        format: ['csv', 'jsonl', 'parquet', 'json'][i % 4]!,
        schemaId: i % 3 === 0 ? schemaId : null,
        schemaVersion: i % 3 === 0 ? 1 + (i % 2) : null,
        createdAt,
      });
      const failed = i % 17 === 3;
      await tx.runs.finish(run.id, {
        status: failed ? 'failed' : 'succeeded',
        finishedAt: new Date(Date.parse(createdAt) + 1500).toISOString(),
        durationMs: 400 + (i % 11) * 130,
        ...(failed
          ? { error: { code: 'SDG_ERR_UNSATISFIABLE', message: 'no value satisfies /properties/total' } }
          : {
              evaluationStatus: i % 7 === 0 ? 'warn' : 'pass',
              evaluation: { status: i % 7 === 0 ? 'warn' : 'pass' },
              piiVerdict: i % 23 === 0 ? 'blocked' : 'clean',
              pii: { verdict: i % 23 === 0 ? 'blocked' : 'clean', findings: [] },
            }),
      });
    }
  });
  const run = await server.api('qa_engineer', 'POST', '/api/syntheticDataPipeline', { schemaId, rowCount: 2000, seed: 42, format: 'csv' });
  await server.api('ml_engineer', 'POST', '/api/syntheticDataPipeline', {
    schema: LEAKY_SCHEMA,
    rowCount: 100,
    options: { visualizations: false },
  });
  return { schemaId, runId: run.json.runId as string };
}

async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: resolve(OUT, `${name}.png`), animations: 'disabled', caret: 'hide', fullPage: options.fullPage ?? false });
  console.log(`  ${name}.png`);
}

async function generatePages(browser: Browser, server: E2eServer, theme: 'light' | 'dark'): Promise<void> {
  const { context, page } = await loginAs(browser, server, 'qa_engineer', { theme });
  try {
    await page.getByTestId('preview-table').waitFor();
    await shot(page, `generate-${theme}`);
    if (theme === 'dark') return;
    // Lint feedback at the line.
    const broken = JSON.stringify(
      { ...CLEAN_SCHEMA, properties: { ...CLEAN_SCHEMA.properties, age: { type: 'integr', minimum: 90, maximum: 18 } } },
      null,
      2,
    );
    await setEditorText(page, broken);
    await page.getByRole('list', { name: 'Schema issues' }).waitFor();
    await page.locator('.cm-lintRange-error').first().waitFor();
    await page.locator('.cm-content').first().blur();
    await shot(page, 'generate-lint-light');
    await setEditorText(page, JSON.stringify(CLEAN_SCHEMA, null, 2));
    await page.getByTestId('lint-status').getByText('Valid schema').waitFor();
    await page.getByLabel('Row count').fill('5000');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('run-result').waitFor({ timeout: 60_000 });
    await page.locator('.chart-button img').nth(2).waitFor();
    await page.getByRole('heading', { name: '3. Result' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -70));
    await shot(page, 'generate-result-light');
    await page.locator('.chart-button').first().click();
    await page.locator('.chart-full img').waitFor();
    await shot(page, 'chart-dialog-light');
    await page.keyboard.press('Escape');
    // A blocked run and its refused download.
    await page.evaluate(() => window.scrollTo(0, 0));
    await setEditorText(page, JSON.stringify(LEAKY_SCHEMA, null, 2));
    await page.getByTestId('lint-status').getByText('Valid schema').waitFor();
    await page.getByLabel('Row count').fill('200');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page
      .getByTestId('run-result')
      .getByRole('heading', { name: /PII verdict/ })
      .getByText('blocked')
      .waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Dataset .jsonl' }).click();
    await page.getByTestId('pii-blocked').waitFor();
    await page.getByRole('heading', { name: /PII verdict/ }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -70));
    await shot(page, 'generate-blocked-light');
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startE2eServer({ asyncRowThreshold: 50_000 });
  const browser = await launchBrowser();
  try {
    const { schemaId, runId } = await seed(server);
    console.log(`writing to ${OUT}`);

    const login = await browser.newContext({ viewport: DESKTOP });
    const loginPage = await login.newPage();
    await loginPage.goto(`${server.url}/`);
    await loginPage.getByLabel('API key').waitFor();
    await shot(loginPage, 'login-light');
    await login.close();

    const tour = await loginAs(browser, server, 'ml_engineer', { tourSeen: false });
    await tour.page.locator('[data-tour="schema"].tour-target').waitFor();
    await tour.page.getByTestId('preview-table').waitFor();
    await shot(tour.page, 'onboarding-light');
    await tour.context.close();

    for (const theme of ['light', 'dark'] as const) await generatePages(browser, server, theme);

    for (const theme of ['light', 'dark'] as const) {
      const { context, page } = await loginAs(browser, server, 'admin', { theme });
      try {
        await openPath(page, '/history');
        await page.getByTestId('runs-table').waitFor();
        await shot(page, `history-${theme}`);
        await openPath(page, `/library/schemas/${schemaId}`);
        await page.getByTestId('diff').waitFor();
        await page.getByRole('heading', { name: 'Compare versions' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
        await page.evaluate(() => window.scrollBy(0, -70));
        await shot(page, `schema-diff-${theme}`);
        await openPath(page, '/audit');
        await page.getByTestId('audit-table').waitFor();
        await page.getByRole('button', { name: 'Verify the chain' }).click();
        await page.getByTestId('verify-result').getByText('intact').waitFor();
        await shot(page, `audit-${theme}`);
        if (theme === 'dark') continue;
        await openPath(page, '/library');
        await page.getByTestId('schemas-table').waitFor();
        await shot(page, 'library-light');
        await openPath(page, '/library/templates');
        await page.getByTestId('templates-table').waitFor();
        await shot(page, 'templates-light');
        await openPath(page, `/runs/${runId}`);
        await page.locator('.chart-button img').first().waitFor();
        await shot(page, 'run-light');
        await page.getByRole('button', { name: 'Show the full report' }).click();
        await page.frameLocator('[data-testid=report-frame]').locator('h1').waitFor();
        await page.getByRole('heading', { name: 'Report' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
        await page.evaluate(() => window.scrollBy(0, -70));
        await shot(page, 'run-report-light');
        await openPath(page, '/settings');
        await page.getByTestId('keys-table').waitFor();
        await page.getByLabel('Name', { exact: true }).fill('ci pipeline');
        await page.getByRole('button', { name: 'Create key' }).click();
        await page.getByTestId('new-key-secret').waitFor();
        await shot(page, 'settings-new-key-light');
        await page.getByRole('button', { name: 'Done' }).click();
        await shot(page, 'settings-light', { fullPage: true });
      } finally {
        await context.close();
      }
    }

    const phone = await loginAs(browser, server, 'admin', { viewport: PHONE });
    try {
      const { page } = phone;
      await page.getByTestId('preview-table').waitFor();
      await shot(page, 'phone-generate-light');
      await page.getByRole('button', { name: 'Menu' }).click();
      await shot(page, 'phone-menu-light');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
      await page.getByTestId('runs-table').waitFor();
      await shot(page, 'phone-history-light');
      await openPath(page, `/runs/${runId}`);
      await page.locator('.chart-button img').first().waitFor();
      await shot(page, 'phone-run-light');
      await openPath(page, '/audit');
      await page.getByTestId('audit-table').waitFor();
      await shot(page, 'phone-audit-light');
    } finally {
      await phone.context.close();
    }
    const phoneDark = await loginAs(browser, server, 'compliance_admin', { viewport: PHONE, theme: 'dark' });
    try {
      await openPath(phoneDark.page, '/settings');
      await phoneDark.page.getByRole('switch').waitFor();
      await shot(phoneDark.page, 'phone-settings-dark');
      await openPath(phoneDark.page, '/history');
      await phoneDark.page.getByTestId('runs-table').waitFor();
      await shot(phoneDark.page, 'phone-history-dark');
    } finally {
      await phoneDark.context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
