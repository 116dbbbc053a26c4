/** The report as a readable text table with ✓ pass / ! warn / ✗ fail marks (the CLI's `--format text`). */
import type { Check, ColumnReport, EvaluationReport } from './report.js';
import type { Status } from './thresholds.js';

const MARK: Record<Status, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };
const WORD: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

export interface TextOptions {
  /** How to name the inputs in the heading. */
  readonly names?: { readonly data?: string; readonly reference?: string; readonly schema?: string };
  /** List every check, not only those that warn, fail or were skipped. */
  readonly verbose?: boolean;
}

function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toLocaleString('en-US');
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-3)) return x.toExponential(2);
  return x.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`;
}

function date(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function statusOf(checks: readonly Check[], id: Check['id'], column?: string): Status | undefined {
  return checks.find((c) => c.id === id && (column === undefined || c.column === column))?.status;
}

function summaryOf(column: ColumnReport): string {
  if (column.stats) {
    const s = column.stats;
    if (s.unit === 'epoch-ms') return `${date(s.min)} … ${date(s.max)}`;
    return `${num(s.min)} … ${num(s.max)} (mean ${num(s.mean)}, sd ${num(s.sd)})`;
  }
  if (column.categories && column.categories.top.length > 0) {
    return column.categories.top
      .slice(0, 3)
      .map((t) => `${t.value} ${(t.share * 100).toFixed(0)}%`)
      .join(', ');
  }
  if (column.distinct.count > 0) return `${num(column.distinct.count)} distinct`;
  return '';
}

function table(rows: string[][], align: Array<'l' | 'r'>): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function formatReportText(report: EvaluationReport, options: TextOptions = {}): string {
  const lines: string[] = [];
  const names = options.names ?? {};
  const checks = report.checks;
  lines.push(`synthdatagen evaluate: ${WORD[report.status]} ${MARK[report.status]}`);
  const inputs = [`data${names.data ? ` ${names.data}` : ''}: ${num(report.rows)} rows`];
  if (report.reference) inputs.push(`reference${names.reference ? ` ${names.reference}` : ''}: ${num(report.reference.rows)} rows`);
  if (names.schema) inputs.push(`schema ${names.schema}`);
  lines.push(inputs.join(' · '), '');

  const s = report.summary;
  const mark = (id: Check['id']): string => {
    const st = statusOf(checks, id);
    return st ? ` ${MARK[st]}` : '';
  };
  const headline: string[] = [];
  if (s.quality !== null || report.reference)
    headline.push(
      `quality ${num(s.quality)}${mark('quality')} (column shapes ${num(s.columnShapes)}${mark('columnShapes')}, pair trends ${num(s.columnPairTrends)}${mark('columnPairTrends')})`,
    );
  if (report.validity) headline.push(`validity ${pct(report.validity.rate)}${mark('validity')}`);
  if (report.privacy) {
    const p = report.privacy;
    headline.push(
      `exact copies ${pct(p.exactCopyRate)}${mark('exactCopyRate')} · NewRowSynthesis ${num(p.newRowSynthesis?.score)}${mark('newRowSynthesis')} · DCR median ${num(p.dcr?.median, 4)} vs reference ${num(p.dcr?.baselineMedian, 4)}${mark('dcrRatio')}`,
    );
  }
  if (headline.length > 0) lines.push(...headline.map((h) => `  ${h}`), '');

  if (report.columns.length > 0) {
    const rows: string[][] = [['column', 'kind', 'null', 'distinct', 'values', 'shape']];
    for (const c of report.columns) {
      const shapeStatus = statusOf(checks, 'columnShape', c.name);
      const shape = c.shape
        ? `${c.shape.metric === 'KSComplement' ? 'KS' : 'TV'} ${num(c.shape.score)}${shapeStatus ? ` ${MARK[shapeStatus]}` : ''}`
        : '';
      rows.push([
        clip(c.name, 28),
        c.kind,
        pct(c.nullRate),
        `${c.distinct.exact ? '' : '~'}${num(c.distinct.count)}`,
        clip(summaryOf(c), 48),
        shape,
      ]);
    }
    lines.push(...table(rows, ['l', 'l', 'r', 'r', 'l', 'l']), '');
  }
  // Older stored reports have no list; only a comparison with a reference has scores to leave columns out of.
  const excluded = report.excluded ?? [];
  if (report.reference && excluded.length > 0) {
    lines.push('not scored (SDMetrics scores numerical, datetime, categorical and boolean columns only):');
    lines.push(...excluded.map((e) => `  - ${e.column}: ${e.reason}`), '');
  }

  const counts = s.checks;
  lines.push(`checks: ${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail${counts.skip > 0 ? `, ${counts.skip} skipped` : ''}`);
  const order: Record<Status, number> = { fail: 0, warn: 1, skip: 2, pass: 3 };
  const shown = checks.filter((c) => options.verbose || c.status !== 'pass').sort((a, b) => order[a.status] - order[b.status]);
  for (const c of shown) {
    const where = c.column !== undefined ? `${c.column}: ` : c.columns !== undefined ? `${c.columns[0]} × ${c.columns[1]}: ` : '';
    lines.push(`  ${MARK[c.status]} ${WORD[c.status]}  ${where}${c.id} — ${c.message}${c.approximate ? ' (estimate)' : ''}`);
  }
  if (report.warnings.length > 0) lines.push('', 'warnings:', ...report.warnings.map((w) => `  - ${w}`));
  if (report.notes.length > 0) lines.push('', 'notes:', ...report.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}
