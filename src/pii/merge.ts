/**
 * Merging the PII scans of consecutive row ranges (the chunks of a distributed run) into the scan of the
 * whole range, so no process ever holds all the rows.
 *
 * The scanner's per-column state is private to scanner.ts, so the mergeable state is its result: per
 * (column, entity) the counts add up, the strongest confidence and the blocking severity win, example rows
 * are shifted by each chunk's first row index, and the verdict is taken again over the merged findings. Two
 * approximations, both conservative for a privacy check: each chunk spends its own validation budget (more
 * values are validated than in one pass, so fewer counts are extrapolated), and a finding is reported when
 * it reached the report threshold in at least one chunk.
 */
import { SdgError } from '../core/errors.js';
import type { PiiFinding, PiiScanResult, SyntheticMatch } from './types.js';

/** One chunk's scan and the index of its first row in the whole run. */
export interface PiiChunkScan {
  readonly rowOffset: number;
  readonly result: PiiScanResult;
}

const MAX_EXAMPLES = 5;

function combineWhere(a: PiiFinding['where'], b: PiiFinding['where']): PiiFinding['where'] {
  if (a === b) return a;
  return 'cell+text';
}

function bySeverityThenConfidence(a: PiiFinding, b: PiiFinding): number {
  return (
    (a.severity === b.severity ? 0 : a.severity === 'blocking' ? -1 : 1) ||
    b.confidence - a.confidence ||
    a.column.localeCompare(b.column) ||
    a.entity.localeCompare(b.entity)
  );
}

/** The scan of the concatenated chunks, in the shape `scanPii` returns. Chunks may come in any order. */
export function mergePiiScans(chunks: readonly PiiChunkScan[]): PiiScanResult {
  if (chunks.length === 0) throw new SdgError('SDG_ERR_BAD_OPTION', 'mergePiiScans needs at least one chunk scan');
  const ordered = [...chunks].sort((a, b) => a.rowOffset - b.rowOffset);
  const first = ordered[0]!.result;
  const findings = new Map<string, PiiFinding>();
  const synthetic = new Map<string, SyntheticMatch>();
  let rowsScanned = 0;
  let columnsScanned = 0;
  for (const { rowOffset, result } of ordered) {
    rowsScanned += result.rowsScanned;
    columnsScanned = Math.max(columnsScanned, result.columnsScanned);
    for (const finding of result.findings) {
      const key = `${finding.column}\u0000${finding.entity}`;
      const shifted = finding.exampleRows.map((row) => row + rowOffset);
      const seen = findings.get(key);
      if (seen === undefined) {
        findings.set(key, { ...finding, exampleRows: shifted.slice(0, MAX_EXAMPLES), reasons: [...finding.reasons] });
        continue;
      }
      const stronger = finding.confidence > seen.confidence;
      const reasons = [...seen.reasons];
      for (const reason of finding.reasons) if (!reasons.includes(reason)) reasons.push(reason);
      const referenceColumns = new Set(
        [seen.referenceColumn, finding.referenceColumn].flatMap((c) => (c === undefined ? [] : c.split(', '))).filter((c) => c !== ''),
      );
      findings.set(key, {
        ...seen,
        severity: seen.severity === 'blocking' || finding.severity === 'blocking' ? 'blocking' : 'warning',
        count: seen.count + finding.count,
        estimated: seen.estimated || finding.estimated,
        confidence: Math.max(seen.confidence, finding.confidence),
        exampleRows: [...seen.exampleRows, ...shifted].slice(0, MAX_EXAMPLES),
        maskedExample: stronger ? finding.maskedExample : seen.maskedExample,
        where: combineWhere(seen.where, finding.where),
        reasons,
        ...(referenceColumns.size === 0 ? {} : { referenceColumn: [...referenceColumns].sort().join(', ') }),
        remediation: stronger ? finding.remediation : seen.remediation,
        allowed: seen.allowed && finding.allowed,
      });
    }
    for (const match of result.synthetic) {
      const key = `${match.column}\u0000${match.entity}`;
      const seen = synthetic.get(key);
      synthetic.set(key, seen === undefined ? { ...match } : { ...seen, count: seen.count + match.count });
    }
  }
  const merged = [...findings.values()].map((f) => ({
    ...f,
    share: rowsScanned === 0 ? 0 : Math.round((f.count / rowsScanned) * 10000) / 10000,
  }));
  merged.sort(bySeverityThenConfidence);
  const wouldBlock = merged.some((f) => f.severity === 'blocking');
  return {
    verdict: wouldBlock && first.policy.block ? 'blocked' : 'clean',
    wouldBlock,
    rowsScanned,
    columnsScanned,
    findings: merged,
    synthetic: [...synthetic.values()],
    ...(first.reference === undefined ? {} : { reference: first.reference }),
    policy: first.policy,
  };
}
