import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/index.js';
import { evaluateSync, type EvaluationReport } from '../../src/evaluate/index.js';
import { scanPii, type PiiScanResult } from '../../src/pii/index.js';
import { buildReportDocument, inlineSvg, renderReportHtml, reportStatus, visualize, type Chart } from '../../src/visualize/index.js';
import { customers } from './helpers.js';

describe('renderReportHtml', () => {
  const rows = customers(300, 11);
  const reference = customers(300, 12);
  let evaluation: EvaluationReport;
  let pii: PiiScanResult;
  let charts: Chart[];
  let html: string;
  const schema = { type: 'object', properties: { age: { type: 'integer' } } };

  beforeAll(async () => {
    evaluation = evaluateSync(rows, { reference });
    pii = scanPii(rows, { reference });
    charts = (await visualize(rows, { reference, charts: ['histogram', 'values'], columns: ['age', 'tier'], scale: [] })).charts;
    html = renderReportHtml({
      title: 'Run <42>',
      generatedAt: '2024-05-01T12:00:00.000Z',
      data: { name: 'syn.csv', rows: 300 },
      reference: { name: 'real.csv', rows: 300 },
      evaluation,
      pii,
      charts,
      skipped: [{ kind: 'values', columns: ['id'], reason: 'an identifier column' }],
      parameters: { seed: 42, count: 300, thresholds: { quality: { pass: 0.9 } }, note: '<b>x</b>', unset: undefined },
      schemaFingerprint: fingerprint(schema),
    });
  });

  it('is one self-contained page: no scripts, no links out, no external assets', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
    // The only absolute URLs are XML namespace names inside the inline SVGs, never fetched.
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
  });

  it('shows the metrics with badges, the PII verdict, the charts inline, the run and the fingerprint', () => {
    expect(html).toContain(`<span class="badge ${evaluation.status}">`);
    expect(html).toContain('<section id="evaluation">');
    for (const name of ['Quality', 'Column shapes', 'Pair trends', 'Validity', 'Exact copies']) expect(html).toContain(name);
    expect(html).toContain('KSComplement');
    expect(html).toContain('<section id="pii"><h2>PII scan <span class="badge');
    expect(html.match(/<figure id="chart-/g)).toHaveLength(charts.length);
    expect(html.match(/<svg /g)).toHaveLength(charts.length);
    expect(html).toContain(charts[0]!.alt.replace(/&/g, '&amp;'));
    expect(html).toContain(fingerprint(schema));
    expect(html).toContain('<td>seed</td><td><code>42</code></td>');
    expect(html).toContain('&quot;pass&quot;: 0.9');
    expect(html).not.toContain('<td>unset</td>');
    expect(html).toContain('an identifier column');
    expect(html).toContain('generated 2024-05-01T12:00:00.000Z');
  });

  it('escapes every text it prints', () => {
    expect(html).toContain('<title>Run &lt;42&gt;</title>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
  });

  it('is deterministic', () => {
    expect(renderReportHtml({ evaluation, pii, charts, generatedAt: '2024-05-01T12:00:00.000Z', schemaFingerprint: null })).toBe(
      renderReportHtml({ evaluation, pii, charts, generatedAt: '2024-05-01T12:00:00.000Z', schemaFingerprint: null }),
    );
  });

  it('lists PII findings with masked examples and the fix, and fails a blocked verdict', () => {
    const leaky = Array.from({ length: 40 }, (_, i) => ({ email: `person${i}@gmail.com`, ssn: `123-45-${String(1000 + i)}` }));
    const blocked = scanPii(leaky);
    expect(blocked.verdict).toBe('blocked');
    const page = renderReportHtml({ pii: blocked });
    expect(page).toContain('<span class="badge fail">✗ blocked</span>');
    expect(page).toContain(blocked.findings[0]!.remediation.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
    expect(page).toContain(`<code>${blocked.findings[0]!.maskedExample}</code>`);
    expect(page).not.toContain('person1@gmail.com');
    expect(reportStatus({ pii: blocked })).toBe('fail');
    expect(reportStatus({ pii: blocked, evaluation })).toBe('fail');
    expect(reportStatus({})).toBe('pass');
    const allowed = scanPii(leaky, { policy: { block: false } });
    expect(reportStatus({ pii: allowed })).toBe('warn');
    expect(renderReportHtml({ pii: allowed })).toContain('Clean by policy, but findings would block');
  });

  it('folds passing checks and shows warnings and failures in plain sight', () => {
    const failing = evaluateSync(rows, { reference, thresholds: { quality: { pass: 0.999, warn: 0.998 } } });
    const page = renderReportHtml({ evaluation: failing });
    const open = page.slice(page.indexOf('<h3>Checks</h3>'), page.indexOf('<details>'));
    expect(open).toContain('<span class="badge fail">✗ fail</span>');
    expect(page).toMatch(/<details><summary>\d+ passing or skipped checks<\/summary>/);
    expect(renderReportHtml({})).toContain('No charts.');
  });

  it('has a JSON twin with the same facts', () => {
    const doc = buildReportDocument({ evaluation, pii, charts, schemaFingerprint: 'sha256:abc', parameters: { seed: 1 } });
    expect(doc.reportDocumentVersion).toBe(1);
    expect(doc.status).toBe(reportStatus({ evaluation, pii }));
    expect(doc.schemaFingerprint).toBe('sha256:abc');
    expect((doc.charts as Array<{ id: string; alt: string }>).map((c) => c.id)).toEqual(charts.map((c) => c.id));
    expect(JSON.stringify(doc)).not.toContain('<svg');
  });
});

describe('inlineSvg', () => {
  it('prefixes ids and their references, and strips anything active', () => {
    const svg =
      '<?xml version="1.0"?><svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)" onclick="x()"><use href="#clip1"/><use href="#elsewhere"/></g>' +
      '<script>alert(1)</script><foreignObject><div/></foreignObject></svg>';
    const out = inlineSvg(svg, 'c3');
    expect(out).toBe(
      '<svg><defs><clipPath id="c3-clip1"><rect/></clipPath></defs><g clip-path="url(#c3-clip1)"><use href="#c3-clip1"/><use href="#elsewhere"/></g></svg>',
    );
    expect(inlineSvg('<svg><g/></svg>', 'c0')).toBe('<svg><g/></svg>');
  });
});
