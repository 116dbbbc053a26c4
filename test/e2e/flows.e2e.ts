/**
 * The Admin UI's flows end to end, in the order a team meets them: the tutorial; a schema typed with a
 * mistake (marked at its line, with the fix), fixed, previewed and run; a PII-blocked run whose download is
 * refused with the remediation guide; a background run with progress and the chunking advice; a sample
 * upload; the library (save, new version, diff, set as default, a template); history and a run's page with
 * its report; the audit log (verify, export); settings (the PII toggle, audited) and API keys; keyboard
 * use; the dark theme; a phone-sized screen. axe-core runs on the pages as they change.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  CLEAN_SCHEMA,
  LEAKY_SCHEMA,
  PHONE,
  launchBrowser,
  loginAs,
  openPath,
  seriousViolations,
  setEditorText,
  startE2eServer,
  type E2eServer,
} from './support.js';

let server: E2eServer;
let browser: Browser;
let qa: { context: BrowserContext; page: Page; problems: string[] };

beforeAll(async () => {
  server = await startE2eServer({ asyncRowThreshold: 5000 });
  browser = await launchBrowser();
  qa = await loginAs(browser, server, 'qa_engineer');
});

afterAll(async () => {
  await qa?.context.close();
  await browser?.close();
  await server?.close();
});

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });

describe('onboarding', () => {
  it('opens on the first visit, can be dismissed, stays dismissed, and reopens from the header', async () => {
    const fresh = await loginAs(browser, server, 'ml_engineer', { tourSeen: false });
    const { page } = fresh;
    try {
      const tour = page.getByTestId('tour');
      await tour.waitFor();
      expect(await tour.getByRole('heading').innerText()).toBe('Start with a schema');
      await page.locator('[data-tour="schema"].tour-target').waitFor();
      // Focus moves to the step so a screen reader reads it.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tour-title');
      await expectAccessible(page, 'tutorial');
      const steps = ['Check the preview', 'Set the row count', 'Run', 'Review and download'];
      for (const title of steps) {
        await tour.getByRole('button', { name: 'Next' }).click();
        expect(await tour.getByRole('heading').innerText()).toBe(title);
      }
      await tour.getByRole('button', { name: 'Back' }).click();
      expect(await tour.getByRole('heading').innerText()).toBe('Run');
      await page.keyboard.press('Escape');
      await tour.waitFor({ state: 'detached' });
      await page.reload();
      await page.getByTestId('lint-status').waitFor();
      expect(await page.getByTestId('tour').count()).toBe(0);
      await page.getByRole('button', { name: 'Tutorial', exact: true }).click();
      await tour.waitFor();
      expect(await tour.getByRole('heading').innerText()).toBe('Start with a schema');
      await tour.getByRole('button', { name: 'Skip tutorial' }).click();
      await tour.waitFor({ state: 'detached' });
    } finally {
      await fresh.context.close();
    }
  });
});

describe('generate', () => {
  it('marks a schema error at its line with the fix, then previews the fixed schema and updates with the seed', async () => {
    const { page } = qa;
    await openPath(page, '/generate');
    const broken = JSON.stringify({ type: 'object', required: ['age'], properties: { age: { type: 'integr', minimum: 18 } } }, null, 2);
    await setEditorText(page, broken);
    const status = page.getByTestId('lint-status');
    await status.getByText(/error/).first().waitFor();
    const issues = page.getByRole('list', { name: 'Schema issues' });
    await issues.waitFor();
    const unknownType = issues.getByRole('listitem').filter({ hasText: 'unknown type "integr"' });
    expect(await unknownType.innerText()).toMatch(/^Line 8 error: unknown type "integr"[\s\S]*Fix: use one of/);
    // The editor underlines the offending value and puts a marker in the gutter of that line.
    await page.locator('.cm-lintRange-error').first().waitFor();
    expect(await page.locator('.cm-lintRange-error').first().innerText()).toBe('"integr"');
    expect(await runButton(page).isDisabled()).toBe(true);
    await expectAccessible(page, 'generate with lint errors');

    // A JSON syntax error is caught in the browser, also at its line.
    await setEditorText(page, '{\n  "type": "object",\n  "properties": {\n    "a": { "type": "string" },\n  }\n}');
    await status.getByText('JSON error').waitFor();
    expect(await status.innerText()).toMatch(/line 5/);

    await setEditorText(page, JSON.stringify(CLEAN_SCHEMA, null, 2));
    await status.getByText('Valid schema').waitFor();
    const preview = page.getByTestId('preview-table');
    // The previous schema's preview stays until the new one arrives.
    await expect.poll(() => preview.locator('thead th').allInnerTexts()).toEqual(['#', 'id', 'age', 'plan', 'email']);
    await preview.locator('tbody tr').nth(9).waitFor();
    const first = await preview.locator('tbody tr').first().innerText();
    await page.getByLabel('Seed').fill('7');
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid=preview-table] tbody tr')?.textContent !== before,
      await preview.locator('tbody tr').first().textContent(),
    );
    expect(await preview.locator('tbody tr').first().innerText()).not.toBe(first);
  });

  it('runs, shows evaluation, PII verdict, charts full size, and downloads the dataset', async () => {
    const { page } = qa;
    await page.getByLabel('Row count').fill('300');
    await page.getByLabel('Format', { exact: true }).selectOption('csv');
    await runButton(page).click();
    const result = page.getByTestId('run-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getByRole('heading', { name: /Evaluation/ }).innerText()).toMatch(/pass|warn|fail/);
    expect(await result.getByRole('heading', { name: /PII verdict/ }).innerText()).toMatch(/clean/);
    const thumbs = result.locator('.chart-button img');
    await thumbs.first().waitFor();
    expect(await thumbs.count()).toBeGreaterThan(1);
    expect(await thumbs.first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expectAccessible(page, 'generate with result');

    // A thumbnail opens the chart full size in a dialog; Escape closes it and focus goes back.
    await result.locator('.chart-button').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.chart-full img').waitFor();
    await expectAccessible(page, 'chart dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('chart-button'))).toBe(true);

    const csv = await download(page, () => result.getByRole('button', { name: 'Dataset .csv', exact: true }).click());
    expect(csv.name).toMatch(/^run_\w+\.csv$/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,age,plan,email');
    expect(lines).toHaveLength(301);
    const json = await download(page, () => result.getByRole('button', { name: 'Dataset .json', exact: true }).click());
    expect((JSON.parse(json.text) as unknown[]).length).toBe(300);
  });

  it('refuses the download of a PII-blocked run with the findings and the remediation guide', async () => {
    const { page } = qa;
    await setEditorText(page, JSON.stringify(LEAKY_SCHEMA, null, 2));
    await page.getByTestId('lint-status').getByText('Valid schema').waitFor();
    await page.getByLabel('Row count').fill('50');
    await runButton(page).click();
    const result = page.getByTestId('run-result');
    await result
      .getByRole('heading', { name: /PII verdict/ })
      .getByText('blocked')
      .waitFor({ timeout: 60_000 });
    const findings = result.getByRole('table', { name: 'PII findings' });
    expect(await findings.locator('tbody tr').first().innerText()).toMatch(/email[\s\S]*blocking/);
    await result.getByRole('button', { name: 'Dataset .csv', exact: true }).click();
    const refusal = page.getByTestId('pii-blocked');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/Download refused/);
    expect(await refusal.getByRole('heading', { name: 'Remediation guide' }).count()).toBe(1);
    expect(await refusal.locator('ol.guide li').count()).toBeGreaterThanOrEqual(3);
    await expectAccessible(page, 'blocked download');

    // The server refuses it too, for any format, with the same guide.
    const runId = (await result.getByRole('link', { name: /^run_/ }).innerText()).trim();
    for (const format of ['csv', 'parquet']) {
      const answer = await server.api('qa_engineer', 'GET', `/api/runs/${runId}/dataset.${format}`);
      expect(answer.status).toBe(403);
      const error = answer.json.error as { code: string; remediation: string[] };
      expect(error.code).toBe('PII_BLOCKED');
      expect(error.remediation.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('runs a large request in the background with progress and the chunking advice', async () => {
    const { page } = qa;
    await setEditorText(page, JSON.stringify(CLEAN_SCHEMA, null, 2));
    await page.getByTestId('lint-status').getByText('Valid schema').waitFor();
    await page.getByLabel('Row count').fill('60000');
    await page.getByLabel('Draw charts').uncheck();
    await runButton(page).click();
    await page.getByTestId('run-progress').waitFor();
    const advice = page.getByTestId('chunk-advice');
    await advice.waitFor();
    expect(await advice.innerText()).toMatch(/chunks/);
    await expectAccessible(page, 'run in progress');
    const result = page.getByTestId('run-result');
    await result.waitFor({ timeout: 90_000 });
    expect(await result.innerText()).toMatch(/60,000 rows/);
    await page.getByLabel('Draw charts').check();
  });

  it('learns a schema from an uploaded sample and previews it', async () => {
    const { page } = qa;
    const cities = ['Lyon', 'Porto', 'Graz', 'Turku'];
    const csv = [
      'city,visits,spend',
      ...Array.from({ length: 40 }, (_, i) => `${cities[i % 4]},${(i * 7) % 13},${(i * 3.7).toFixed(2)}`),
    ].join('\n');
    await page.getByTestId('upload-sample').setInputFiles({ name: 'visits.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('source-label').getByText('Inferred from sample visits.csv').waitFor();
    // The editor draws only the lines in view; the draft it keeps has the whole text.
    expect(await page.evaluate(() => sessionStorage.getItem('sdg.draft'))).toContain('x-model');
    await page.getByTestId('preview-table').locator('thead th', { hasText: 'spend' }).waitFor();
  });
});

describe('library', () => {
  let schemaId: string;

  it('saves a schema from the editor, adds a version, and shows the diff between versions', async () => {
    const { page } = qa;
    await openPath(page, '/generate');
    await setEditorText(page, JSON.stringify(CLEAN_SCHEMA, null, 2));
    await page.getByTestId('lint-status').getByText('Valid schema').waitFor();
    await page.getByRole('button', { name: 'Save to library…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save to the schema library' });
    await dialog.getByLabel('Name').fill('orders');
    await expectAccessible(page, 'save dialog');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved “orders” as version 1.').waitFor();

    const changed = { ...CLEAN_SCHEMA, properties: { ...CLEAN_SCHEMA.properties, total: { type: 'number', minimum: 0, maximum: 500 } } };
    await setEditorText(page, JSON.stringify(changed, null, 2));
    await page.getByTestId('lint-status').getByText('Valid schema').waitFor();
    await page.getByRole('button', { name: 'Save to library…' }).click();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('orders');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved “orders” as version 2.').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await page.getByRole('link', { name: 'orders' }).click();
    await page.getByTestId('versions-table').locator('tbody tr').nth(1).waitFor();
    schemaId = page.url().split('/').pop()!;
    const summary = page.getByTestId('diff-summary');
    await summary.getByText(/added/).waitFor();
    expect(await summary.innerText()).toMatch(/^\d+ lines? added, \d+ removed\.$/);
    const added = page.getByTestId('diff').locator('tr.diff-added');
    expect((await added.allInnerTexts()).join('\n')).toContain('"total"');
    await expectAccessible(page, 'schema diff');
    // Comparing a version with itself shows no difference.
    await page.getByTestId('diff-from').selectOption('2');
    await page.getByTestId('diff-summary').getByText('No differences.').waitFor();
  });

  it('lets an admin set the default schema, which Generate then opens with', async () => {
    const admin = await loginAs(browser, server, 'admin');
    try {
      await openPath(admin.page, `/library/schemas/${schemaId}`);
      await admin.page.getByRole('button', { name: 'Set as default' }).click();
      await admin.page.getByText('“orders” is now the default schema').waitFor();
      const settings = await server.api('admin', 'GET', '/api/settings');
      expect(settings.json.defaultSchemaId).toBe(schemaId);
    } finally {
      await admin.context.close();
    }
    const ml = await loginAs(browser, server, 'ml_engineer');
    try {
      await openPath(ml.page, '/generate');
      await ml.page.getByTestId('source-label').getByText('Library schema “orders” v2').waitFor();
    } finally {
      await ml.context.close();
    }
  });

  it('creates a template, and Use opens it in Generate with its row count and format', async () => {
    const { page } = qa;
    await openPath(page, '/library/templates');
    await page.getByRole('button', { name: 'New template…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New template' });
    await dialog.getByLabel('Name').fill('Small CSV customers');
    await dialog.getByLabel('Row count (optional)').fill('120');
    await dialog.getByLabel('Format (optional)').selectOption('csv');
    await setEditorText(page, JSON.stringify(CLEAN_SCHEMA, null, 2));
    await dialog.getByText('Fix the errors').waitFor({ state: 'detached' });
    await expectAccessible(page, 'template dialog');
    await dialog.getByRole('button', { name: 'Save template' }).click();
    const row = page.getByTestId('templates-table').locator('tr', { hasText: 'Small CSV customers' });
    await row.waitFor();
    await row.getByRole('link', { name: /^Use/ }).click();
    await page.getByTestId('source-label').getByText('Template “Small CSV customers”').waitFor();
    expect(await page.getByLabel('Row count').inputValue()).toBe('120');
    expect(await page.getByLabel('Format', { exact: true }).inputValue()).toBe('csv');
    await page.getByTestId('lint-status').getByText('Valid schema').waitFor();
    await runButton(page).click();
    await page.getByTestId('run-result').waitFor({ timeout: 60_000 });
    const runId = (await page.getByTestId('run-result').getByRole('link', { name: /^run_/ }).innerText()).trim();
    const run = await server.api('qa_engineer', 'GET', `/api/runs/${runId}`);
    expect(run.json.templateId).toMatch(/^tpl_/);

    // Opened from the library in a tab that never saw Generate: the template wins over the default schema.
    const reviewer = await loginAs(browser, server, 'compliance_admin');
    try {
      await reviewer.page.waitForURL(/\/history$/);
      await openPath(reviewer.page, '/library/templates');
      await reviewer.page
        .getByTestId('templates-table')
        .locator('tr', { hasText: 'Small CSV customers' })
        .getByRole('link', { name: /^Use/ })
        .click();
      await reviewer.page.getByTestId('source-label').getByText('Template “Small CSV customers”').waitFor();
      await reviewer.page.getByTestId('lint-status').getByText('Valid schema').waitFor();
      expect(await reviewer.page.getByTestId('source-label').innerText()).not.toContain('orders');
    } finally {
      await reviewer.context.close();
    }
  });
});

describe('history and run pages', () => {
  it('filters, sorts and opens a run with its parameters, timings and embedded report', async () => {
    const { page } = qa;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
    const table = page.getByTestId('runs-table');
    await table.waitFor();
    const total = Number((await page.getByTestId('history-count').innerText()).replace(/\D/g, ''));
    expect(total).toBeGreaterThanOrEqual(4);
    await page.getByLabel('Status').selectOption('succeeded');
    await page.waitForURL(/status=succeeded/);
    await page.getByRole('button', { name: /^Rows/ }).click();
    await page.waitForURL(/sort=rowCount/);
    await table.locator('th[aria-sort="descending"]', { hasText: 'Rows' }).waitFor();
    const firstRows = await table.locator('tbody tr').first().locator('td').nth(3).innerText();
    expect(firstRows).toBe('60,000');
    await page.getByRole('button', { name: 'My runs' }).click();
    await page.waitForURL(new RegExp(`user=${server.keyIds.qa_engineer}`));
    await expectAccessible(page, 'history filtered');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => !url.search.includes('status=') && !url.search.includes('user='));

    await table.locator('tbody tr').first().getByRole('link').click();
    await page.getByTestId('fingerprint').waitFor();
    expect(await page.getByTestId('fingerprint').innerText()).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await page.getByRole('table', { name: 'Time per stage' }).locator('tbody tr').count()).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Show the full report' }).click();
    const report = page.frameLocator('[data-testid=report-frame]');
    await report.locator('h1').waitFor();
    expect(await report.locator('h1').innerText()).toMatch(/SynthDataGen run/);
    await expectAccessible(page, 'run page with report');
  });
});

describe('audit, settings and keys', () => {
  it('verifies the audit chain and exports the filtered log as JSON Lines', async () => {
    const { context, page } = await loginAs(browser, server, 'compliance_admin');
    try {
      await openPath(page, '/audit');
      await page.getByTestId('audit-table').waitFor();
      await page.getByRole('button', { name: 'Verify the chain' }).click();
      const verdict = page.getByTestId('verify-result');
      await verdict.getByText('intact').waitFor();
      expect(await verdict.innerText()).toMatch(/\d+ events checked/);
      await page.getByLabel('Event type').selectOption('ExportTriggered');
      await page.waitForURL(/type=ExportTriggered/);
      await page.getByTestId('audit-table').locator('tbody tr').first().getByText('ExportTriggered').waitFor();
      await expectAccessible(page, 'audit');
      const exported = await download(page, () => page.getByRole('button', { name: 'Export JSONL' }).click());
      expect(exported.name).toBe('audit.jsonl');
      const events = exported.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string });
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.type === 'ExportTriggered')).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('turns the PII block off and on (audited), changing what the server lets through', async () => {
    const { context, page } = await loginAs(browser, server, 'compliance_admin');
    try {
      const blocked = await server.api('qa_engineer', 'POST', '/api/syntheticDataPipeline', {
        schema: LEAKY_SCHEMA,
        rowCount: 20,
        options: { visualizations: false },
      });
      const runId = blocked.json.runId as string;
      expect((await server.api('qa_engineer', 'GET', `/api/runs/${runId}/dataset.jsonl`)).status).toBe(403);
      await openPath(page, '/settings');
      const toggle = page.getByRole('switch');
      expect(await toggle.isChecked()).toBe(true);
      await toggle.uncheck();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByTestId('settings-saved').getByText('SettingsChanged').waitFor();
      expect((await server.api('qa_engineer', 'GET', `/api/runs/${runId}/dataset.jsonl`)).status).toBe(200);
      await expectAccessible(page, 'settings');
      await page.getByRole('switch').check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByTestId('settings-saved').getByText('blockPiiDownloads').waitFor();
      expect((await server.api('qa_engineer', 'GET', `/api/runs/${runId}/dataset.jsonl`)).status).toBe(403);
      const audit = await server.api('compliance_admin', 'GET', '/api/audit?type=SettingsChanged');
      const changes = (audit.json.items as Array<{ payload: { keys: string[] }; role: string }>).filter((e) =>
        e.payload.keys.includes('blockPiiDownloads'),
      );
      expect(changes).toHaveLength(2);
      expect(changes.every((e) => e.role === 'compliance_admin')).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('creates an API key shown once, which works, and revokes it', async () => {
    const { context, page } = await loginAs(browser, server, 'admin');
    try {
      await openPath(page, '/settings');
      await page.getByTestId('keys-table').waitFor();
      await page.getByLabel('Name', { exact: true }).fill('data science team');
      await page.getByLabel('Role', { exact: true }).selectOption('ml_engineer');
      await page.getByRole('button', { name: 'Create key' }).click();
      const secret = (await page.getByTestId('new-key-secret').innerText()).trim();
      expect(secret).toMatch(/^sdg_/);
      await expectAccessible(page, 'new key dialog');
      const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(((await me.json()) as { role: string }).role).toBe('ml_engineer');
      await page.getByRole('button', { name: 'Done' }).click();
      // Listed without its secret.
      const row = page.getByTestId('keys-table').locator('tr', { hasText: 'data science team' });
      await row.waitFor();
      expect(await page.locator('body').innerText()).not.toContain(secret);
      await row.getByRole('button', { name: /^Revoke/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
      await row.getByText(/revoked/).waitFor();
      const after = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });
});

describe('keyboard, themes and screens', () => {
  it('works from the keyboard: skip link, menu, tabs, dialogs', async () => {
    const { context, page } = await loginAs(browser, server, 'admin');
    try {
      await openPath(page, '/history');
      await page
        .getByTestId('history-count')
        .getByText(/runs?$/)
        .waitFor();
      await page.reload();
      await page
        .getByTestId('history-count')
        .getByText(/runs?$/)
        .waitFor();
      const focused = (): Promise<string | undefined> => page.evaluate(() => document.activeElement?.textContent ?? undefined);
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      // From the top again: skip link, brand, then the menu links in order.
      await page.reload();
      await page
        .getByTestId('history-count')
        .getByText(/runs?$/)
        .waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('SSynthDataGen');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('Generate');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('Library');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Library', level: 1 }).waitFor();
      await page.getByRole('tab', { name: 'Schemas' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.getByRole('tab', { name: 'Templates', selected: true }).waitFor();
      expect(await focused()).toBe('Templates');
      await page.keyboard.press('End');
      await page.getByRole('tab', { name: 'Presets', selected: true }).waitFor();
      expect(await focused()).toBe('Presets');
      // Ctrl+Enter runs from the editor.
      await openPath(page, '/generate');
      await page.getByTestId('lint-status').getByText('Valid schema').waitFor();
      await page.getByLabel('Row count').fill('40');
      // The editor does not trap Tab.
      await page.locator('.cm-content').first().focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('.cm-editor') === null)).toBe(true);
      await page.locator('.cm-content').first().focus();
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('run-result').waitFor({ timeout: 60_000 });
      // The result heading takes focus when the result arrives.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-heading');
    } finally {
      await context.close();
    }
  });

  it('has no serious accessibility violation in the dark theme', async () => {
    const { context, page } = await loginAs(browser, server, 'admin', { theme: 'dark' });
    try {
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await openPath(page, '/generate');
      await page.getByTestId('preview-table').waitFor();
      await expectAccessible(page, 'dark generate');
      await setEditorText(page, JSON.stringify(LEAKY_SCHEMA, null, 2));
      await page.getByTestId('lint-status').getByText('Valid schema').waitFor();
      await page.getByLabel('Row count').fill('30');
      await runButton(page).click();
      const result = page.getByTestId('run-result');
      await result.waitFor({ timeout: 60_000 });
      await result.getByRole('button', { name: 'Dataset .jsonl' }).click();
      await page.getByTestId('pii-blocked').waitFor();
      await expectAccessible(page, 'dark blocked result');
      for (const [path, ready] of [
        ['/history', 'runs-table'],
        ['/audit', 'audit-table'],
        ['/settings', 'keys-table'],
        ['/library', 'schemas-table'],
      ] as const) {
        await openPath(page, path);
        await page.getByTestId(ready).waitFor();
        await expectAccessible(page, `dark ${path}`);
      }
      // The picker overrides the system preference, and the choice is kept.
      await page.getByTestId('theme').selectOption('light');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
      await page.reload();
      await page.getByTestId('schemas-table').waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    } finally {
      await context.close();
    }
  });

  it('fits a 390-pixel phone screen with a menu, and passes axe-core there', async () => {
    const { context, page } = await loginAs(browser, server, 'admin', { viewport: PHONE });
    try {
      const menu = page.getByRole('button', { name: 'Menu' });
      expect(await menu.isVisible()).toBe(true);
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      for (const [label, ready] of [
        ['Generate', 'preview-table'],
        ['Library', 'schemas-table'],
        ['History', 'runs-table'],
        ['Audit', 'audit-table'],
        ['Settings', 'keys-table'],
      ] as const) {
        await menu.click();
        expect(await menu.getAttribute('aria-expanded')).toBe('true');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
        await page.getByTestId(ready).waitFor();
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${label} is wider than the screen`).toBeLessThanOrEqual(0);
        await expectAccessible(page, `phone ${label}`);
      }
    } finally {
      await context.close();
    }
  });

  it('logged no browser errors along the way', () => {
    expect(qa.problems).toEqual([]);
  });
});
