/** A plain-text rendering of a scan result (CLI `--format text`, logs). Holds only masked values. */
import type { PiiFinding, PiiScanResult } from './types.js';

function pct(share: number): string {
  const p = share * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p >= 0.1 ? p.toFixed(1) : p.toFixed(3)}%`;
}

function line(f: PiiFinding): string[] {
  const rows = `${f.estimated ? '~' : ''}${f.count} row${f.count === 1 ? '' : 's'} (${pct(f.share)})`;
  const tag = f.severity === 'blocking' ? 'BLOCK' : 'warn ';
  const head = `${tag} ${f.column}: ${f.entity}${f.where === 'cell' ? '' : ` (${f.where})`}, ${rows}, confidence ${f.confidence.toFixed(2)}`;
  const refs = f.referenceColumn === undefined ? '' : `, from reference column ${f.referenceColumn}`;
  return [
    head,
    `      e.g. ${f.maskedExample} at row${f.exampleRows.length === 1 ? '' : 's'} ${f.exampleRows.join(', ')}${refs}`,
    `      why: ${f.reasons.join('; ')}`,
    `      fix: ${f.remediation}`,
  ];
}

export function formatPiiReport(result: PiiScanResult): string {
  const blocking = result.findings.filter((f) => f.severity === 'blocking').length;
  const warnings = result.findings.length - blocking;
  const out: string[] = [];
  const status = result.verdict === 'blocked' ? 'BLOCKED' : result.wouldBlock ? 'clean (blocking is off by policy)' : 'clean';
  out.push(
    `PII scan: ${status} — ${blocking} blocking finding${blocking === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} ` +
      `(${result.rowsScanned} rows, ${result.columnsScanned} columns)`,
  );
  for (const f of result.findings) out.push(...line(f));
  if (result.synthetic.length > 0) {
    const parts = result.synthetic.map((s) => `${s.column} ${s.entity} ×${s.count}`);
    out.push(`synthetic (safe spaces, see docs/safe-ranges.md): ${parts.join('; ')}`);
  }
  if (result.reference !== undefined) {
    const r = result.reference;
    out.push(
      `reference: ${r.rows} rows; PII-like columns checked for copies: ${r.piiColumns.length === 0 ? 'none' : r.piiColumns.join(', ')}; ` +
        `row copies ${r.rowKeyColumns.length === 0 ? 'not checked (no distinctive column)' : `checked on ${r.rowKeyColumns.length} columns`}`,
    );
  }
  return out.join('\n') + '\n';
}
