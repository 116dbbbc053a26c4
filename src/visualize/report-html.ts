/**
 * The quality report as one self-contained HTML page — the evaluation's metrics with pass/warn/fail badges,
 * the PII verdict with its findings, the charts as inline SVG, the run's parameters and the schema
 * fingerprint — and the same facts as JSON. Pure: the caller passes everything in, the time included, so
 * the same input gives the same bytes. No external asset of any kind (styles inline, no scripts, no fonts,
 * no links out): the file can be mailed, archived or opened offline.
 */
import type { JsonValue } from '../core/index.js';
import type { Check, EvaluationReport } from '../evaluate/index.js';
import type { PiiFinding, PiiScanResult } from '../pii/index.js';
import { formatNumber, formatShare } from './format.js';
import type { Chart, ChartKind, SkippedChart } from './types.js';

export type ReportStatus = 'pass' | 'warn' | 'fail';
type Badge = ReportStatus | 'skip';

/** What the report shows of a chart (a rendered Chart has all of it). */
export type ReportChart = Pick<Chart, 'id' | 'kind' | 'title' | 'alt' | 'svg'> & Partial<Pick<Chart, 'columns' | 'notes' | 'compared'>>;

export interface ReportInput {
  /** Page heading (default "Synthetic data quality report"). */
  readonly title?: string;
  /** When the report was made (ISO 8601); shown as given. */
  readonly generatedAt?: string;
  readonly data?: { readonly name?: string; readonly rows?: number };
  readonly reference?: { readonly name?: string; readonly rows?: number } | null;
  readonly evaluation?: EvaluationReport | null;
  readonly pii?: PiiScanResult | null;
  readonly charts?: readonly ReportChart[];
  readonly skipped?: readonly SkippedChart[];
  /** The run's parameters (request, seed, count, thresholds, …), shown as a table. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** `sha256:…` of the schema (core's fingerprint), or null when there was none. */
  readonly schemaFingerprint?: string | null;
}

export const REPORT_DOCUMENT_VERSION = 1;

const ORDER: Record<Badge, number> = { fail: 0, warn: 1, pass: 2, skip: 3 };
const MARK: Record<Badge, string> = { pass: '✓', warn: '!', fail: '✗', skip: '–' };

/** The worst of the evaluation's status and the PII verdict (blocked fails; findings that would block warn). */
export function reportStatus(input: Pick<ReportInput, 'evaluation' | 'pii'>): ReportStatus {
  const statuses: ReportStatus[] = [];
  if (input.evaluation) statuses.push(input.evaluation.status);
  if (input.pii)
    statuses.push(input.pii.verdict === 'blocked' ? 'fail' : input.pii.wouldBlock || input.pii.findings.length > 0 ? 'warn' : 'pass');
  return statuses.reduce<ReportStatus>((worst, s) => (ORDER[s] < ORDER[worst] ? s : worst), 'pass');
}

/** The report as JSON (report.json beside report.html): the same facts, charts by reference (id, title, alt). */
export function buildReportDocument(input: ReportInput): { readonly [key: string]: JsonValue } {
  const doc = {
    reportDocumentVersion: REPORT_DOCUMENT_VERSION,
    title: input.title ?? 'Synthetic data quality report',
    generatedAt: input.generatedAt ?? null,
    status: reportStatus(input),
    data: input.data ?? null,
    reference: input.reference ?? null,
    schemaFingerprint: input.schemaFingerprint ?? null,
    parameters: input.parameters ?? {},
    evaluation: input.evaluation ?? null,
    pii: input.pii ?? null,
    charts: (input.charts ?? []).map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      alt: c.alt,
      columns: c.columns ?? [],
      notes: c.notes ?? [],
    })),
    skippedCharts: input.skipped ?? [],
  };
  return JSON.parse(JSON.stringify(doc)) as { [key: string]: JsonValue };
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function badge(status: Badge, label: string = status): string {
  return `<span class="badge ${status}">${MARK[status]} ${esc(label)}</span>`;
}

function num(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : formatNumber(x);
}

function share(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : formatShare(x);
}

/**
 * An SVG ready to sit beside others in one page: ids (clip paths, gradients) prefixed so two charts never
 * share one, and anything active (scripts, event handlers, foreign objects) removed, whatever produced it.
 */
export function inlineSvg(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(match[1] as string);
  let out = svg
    .replace(/<\?xml[^>]*>/g, '')
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject\s*>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '');
  if (ids.size > 0) {
    out = out
      .replace(/(\sid=")([^"]+)"/g, (_, head: string, id: string) => `${head}${prefix}-${id}"`)
      .replace(/url\(#([^)]+)\)/g, (whole, id: string) => (ids.has(id) ? `url(#${prefix}-${id})` : whole))
      .replace(/(href=")#([^"]+)"/g, (whole, head: string, id: string) => (ids.has(id) ? `${head}#${prefix}-${id}"` : whole));
  }
  return out;
}

function table(head: readonly string[], rows: readonly string[][], className = ''): string {
  if (rows.length === 0) return '';
  return (
    `<table${className ? ` class="${className}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table>`
  );
}

function summaryCards(evaluation: EvaluationReport): string {
  const s = evaluation.summary;
  const cards: Array<[string, string, string]> = [
    ['Quality', share(s.quality), 'mean of column shapes and pair trends'],
    ['Column shapes', share(s.columnShapes), 'KSComplement / TVComplement'],
    ['Pair trends', share(s.columnPairTrends), 'correlation / contingency similarity'],
    ['Validity', share(s.validity), 'rows valid against the schema'],
    ['Exact copies', share(s.exactCopyRate), 'rows equal to a reference row'],
    ['Rows', num(evaluation.rows), evaluation.reference ? `reference: ${num(evaluation.reference.rows)} rows` : 'no reference'],
  ];
  return `<div class="cards">${cards
    .map(
      ([name, value, hint]) =>
        `<div class="card"><div class="value">${esc(value)}</div><div class="name">${esc(name)}</div><div class="hint">${esc(hint)}</div></div>`,
    )
    .join('')}</div>`;
}

function checkRows(checks: readonly Check[]): string[][] {
  return [...checks]
    .map((check, i) => ({ check, i }))
    .sort((a, b) => ORDER[a.check.status] - ORDER[b.check.status] || a.i - b.i)
    .map(({ check }) => [
      badge(check.status),
      esc(check.metric),
      esc(check.column ?? check.columns?.join(' × ') ?? '—'),
      esc(num(check.value)) + (check.approximate ? ' <span class="muted">≈</span>' : ''),
      esc(`${check.threshold.direction === 'higher' ? '≥' : '≤'} ${num(check.threshold.pass)} pass, ${num(check.threshold.warn)} warn`),
      esc(check.message),
    ]);
}

const CHECK_HEAD = ['status', 'metric', 'column', 'value', 'threshold', 'message'];

/** Checks that warn or fail in plain sight; the passing and skipped ones folded (no script needed). */
function checksBlock(checks: readonly Check[]): string {
  if (checks.length === 0) return '<h3>Checks</h3><p class="muted">No checks.</p>';
  const open = checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  const folded = checks.filter((c) => c.status === 'pass' || c.status === 'skip');
  return (
    `<h3>Checks</h3>` +
    (open.length > 0 ? table(CHECK_HEAD, checkRows(open)) : '<p>Every check passed or was skipped.</p>') +
    (folded.length > 0
      ? `<details><summary>${folded.length} passing or skipped check${folded.length === 1 ? '' : 's'}</summary>${table(CHECK_HEAD, checkRows(folded))}</details>`
      : '')
  );
}

function evaluationSection(evaluation: EvaluationReport): string {
  const c = evaluation.summary.checks;
  const columns = evaluation.columns.map((col) => [
    esc(col.name),
    esc(col.kind),
    esc(share(col.nullRate)) + (col.reference ? ` <span class="muted">(real ${esc(share(col.reference.nullRate))})</span>` : ''),
    esc(num(col.distinct.count)) + (col.distinct.exact ? '' : ' <span class="muted">≈</span>'),
    col.shape ? `${esc(col.shape.metric)} ${esc(num(col.shape.score))}` : '<span class="muted">—</span>',
  ]);
  const notes = [...evaluation.warnings.map((w) => `warning: ${w}`), ...evaluation.notes];
  return (
    `<section id="evaluation"><h2>Evaluation ${badge(evaluation.status)}</h2>` +
    summaryCards(evaluation) +
    `<p class="counts">${badge('pass', `${c.pass} pass`)} ${badge('warn', `${c.warn} warn`)} ${badge('fail', `${c.fail} fail`)} ${badge('skip', `${c.skip} skipped`)}</p>` +
    checksBlock(evaluation.checks) +
    `<h3>Columns</h3>${table(['column', 'kind', 'null rate', 'distinct', 'shape'], columns) || '<p class="muted">No columns.</p>'}` +
    (notes.length > 0 ? `<h3>Notes</h3><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '') +
    `</section>`
  );
}

function findingRow(f: PiiFinding): string[] {
  return [
    badge(f.severity === 'blocking' ? 'fail' : 'warn', f.allowed ? 'allowed' : f.severity),
    esc(f.column),
    esc(f.entity),
    `${esc(num(f.count))} <span class="muted">(${esc(share(f.share))}${f.estimated ? ', estimated' : ''})</span>`,
    esc(f.confidence.toFixed(2)),
    `<code>${esc(f.maskedExample)}</code>`,
    esc(f.remediation),
  ];
}

function piiSection(pii: PiiScanResult): string {
  const status: Badge = pii.verdict === 'blocked' ? 'fail' : pii.findings.length > 0 ? 'warn' : 'pass';
  const summary =
    pii.verdict === 'blocked'
      ? 'Blocked: the data holds values that look like real personal data, or copies of the reference.'
      : pii.wouldBlock
        ? 'Clean by policy, but findings would block under the default policy.'
        : pii.findings.length > 0
          ? 'Clean: findings are warnings only.'
          : 'Clean: no personal data found.';
  const safe = pii.synthetic.map((m) => `${esc(m.column)} (${esc(m.entity)}, ${esc(num(m.count))})`).join(', ');
  return (
    `<section id="pii"><h2>PII scan ${badge(status, pii.verdict)}</h2>` +
    `<p>${esc(summary)} ${esc(num(pii.rowsScanned))} rows and ${esc(num(pii.columnsScanned))} columns scanned${pii.reference ? `, leak check against ${esc(num(pii.reference.rows))} reference rows` : ''}.</p>` +
    (pii.findings.length > 0
      ? table(['severity', 'column', 'entity', 'rows', 'confidence', 'example (masked)', 'how to fix'], pii.findings.map(findingRow))
      : '') +
    (safe ? `<p class="muted">Values in safe synthetic spaces: ${safe}.</p>` : '') +
    `</section>`
  );
}

const KIND_ORDER: readonly ChartKind[] = ['histogram', 'values', 'scatter', 'correlation', 'nulls'];

function chartsSection(charts: readonly ReportChart[], skipped: readonly SkippedChart[]): string {
  const figures = [...charts]
    .map((chart, i) => ({ chart, i }))
    .sort((a, b) => KIND_ORDER.indexOf(a.chart.kind) - KIND_ORDER.indexOf(b.chart.kind) || a.i - b.i)
    .map(({ chart, i }) => {
      // As wide as its chart, so a long caption wraps under it instead of widening the figure.
      const width = /^<svg[^>]*\swidth="([0-9.]+)"/.exec(chart.svg)?.[1];
      const style = width === undefined ? '' : ` style="width:${Math.ceil(Number(width)) + 18}px"`;
      return `<figure id="chart-${esc(chart.id)}"${style}>${inlineSvg(chart.svg, `c${i}`)}<figcaption><strong>${esc(chart.title)}</strong><br>${esc(chart.alt)}</figcaption></figure>`;
    })
    .join('');
  const skips =
    skipped.length > 0
      ? `<h3>Not charted</h3><ul>${skipped.map((s) => `<li>${esc(s.columns.length > 0 ? s.columns.join(', ') : s.kind)}: ${esc(s.reason)}</li>`).join('')}</ul>`
      : '';
  return `<section id="charts"><h2>Charts</h2>${figures ? `<div class="charts">${figures}</div>` : '<p class="muted">No charts.</p>'}${skips}</section>`;
}

function parameterValue(value: unknown): string {
  if (typeof value === 'string') return esc(value);
  const json = JSON.stringify(value, null, 1);
  return json === undefined ? '—' : `<code>${esc(json.length > 400 ? `${json.slice(0, 399)}…` : json)}</code>`;
}

function runSection(input: ReportInput): string {
  const rows: string[][] = [];
  if (input.data?.name !== undefined) rows.push(['data', esc(input.data.name)]);
  if (input.reference?.name !== undefined) rows.push(['reference', esc(input.reference.name)]);
  rows.push([
    'schema fingerprint',
    input.schemaFingerprint ? `<code>${esc(input.schemaFingerprint)}</code>` : '<span class="muted">no schema given</span>',
  ]);
  for (const [key, value] of Object.entries(input.parameters ?? {})) if (value !== undefined) rows.push([esc(key), parameterValue(value)]);
  return `<section id="run"><h2>Run</h2>${table(['parameter', 'value'], rows, 'params')}</section>`;
}

const STYLE = `
:root{color-scheme:light;--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--skip:#6e7781;--line:#d0d7de}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2328;margin:0 auto;max-width:1280px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:20px 0 6px}
.muted{color:#57606a}.meta{color:#57606a;margin:0 0 16px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;line-height:20px;vertical-align:middle;color:#fff;white-space:nowrap}
.badge.pass{background:var(--pass)}.badge.warn{background:var(--warn)}.badge.fail{background:var(--fail)}.badge.skip{background:var(--skip)}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:150px}
.card .value{font-size:22px;font-weight:600}.card .name{font-weight:600}.card .hint{color:#57606a;font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}
code{font:12px ui-monospace,"DejaVu Sans Mono",monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px;white-space:pre-wrap;word-break:break-all}
.charts{display:flex;flex-wrap:wrap;gap:20px}
figure{margin:0;max-width:100%;border:1px solid var(--line);border-radius:6px;padding:8px}
figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:12px;color:#57606a;margin-top:6px}
nav a{margin-right:12px}
summary{cursor:pointer;color:#0969da;margin:6px 0}
@media print{figure{break-inside:avoid}}
`;

/** The report as one HTML page (UTF-8, no external assets). */
export function renderReportHtml(input: ReportInput): string {
  const title = input.title ?? 'Synthetic data quality report';
  const status = reportStatus(input);
  const meta = [
    input.data?.name !== undefined ? `data: ${input.data.name}` : '',
    input.data?.rows !== undefined ? `${formatNumber(input.data.rows)} rows` : '',
    input.reference
      ? `reference: ${input.reference.name ?? ''}${input.reference.rows !== undefined ? ` (${formatNumber(input.reference.rows)} rows)` : ''}`
      : '',
    input.generatedAt !== undefined ? `generated ${input.generatedAt}` : '',
  ].filter((s) => s !== '');
  const body = [
    `<header><h1>${esc(title)} ${badge(status)}</h1>${meta.length > 0 ? `<p class="meta">${esc(meta.join(' · '))}</p>` : ''}`,
    `<nav>${input.evaluation ? '<a href="#evaluation">Evaluation</a>' : ''}${input.pii ? '<a href="#pii">PII scan</a>' : ''}<a href="#charts">Charts</a><a href="#run">Run</a></nav></header>`,
    input.evaluation ? evaluationSection(input.evaluation) : '',
    input.pii ? piiSection(input.pii) : '',
    chartsSection(input.charts ?? [], input.skipped ?? []),
    runSection(input),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="synthdatagen">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
