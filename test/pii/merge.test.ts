/**
 * mergePiiScans: the scans of consecutive chunks merge into the scan of the whole range (same findings,
 * counts, verdict; example rows in whole-run numbering), whatever the chunk boundaries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePiiScans, scanPii, type PiiScanResult } from '../../src/pii/index.js';

/** Rows where some cells hold real-looking PII (a valid-format SSN, a gmail address) and others do not. */
function rows(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    email: i % 3 === 0 ? `person${i}@gmail.com` : `user${i}@example.com`,
    ssn: i % 5 === 0 ? `123-45-${String(1000 + i).slice(-4)}` : null,
    note: i % 7 === 0 ? 'call me' : 'nothing here',
  }));
}

function scanInChunks(data: Array<Record<string, unknown>>, cuts: number[]): PiiScanResult {
  const bounds = [0, ...cuts, data.length];
  const scans = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const slice = data.slice(bounds[i], bounds[i + 1]);
    if (slice.length > 0) scans.push({ rowOffset: bounds[i]!, result: scanPii(slice) });
  }
  return mergePiiScans(scans.reverse()); // any order
}

function essentials(result: PiiScanResult): unknown {
  return {
    verdict: result.verdict,
    wouldBlock: result.wouldBlock,
    rowsScanned: result.rowsScanned,
    findings: result.findings.map((f) => ({ column: f.column, entity: f.entity, severity: f.severity, count: f.count, share: f.share })),
    synthetic: [...result.synthetic].sort((a, b) => `${a.column}${a.entity}`.localeCompare(`${b.column}${b.entity}`)),
  };
}

describe('mergePiiScans', () => {
  const data = rows(300);
  const whole = scanPii(data);

  it('equals one scan of the whole range for any chunk boundaries', () => {
    expect(whole.verdict).toBe('blocked');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 299 }), { maxLength: 6 }), (cuts) => {
        const merged = scanInChunks(
          data,
          [...cuts].sort((a, b) => a - b),
        );
        expect(essentials(merged)).toEqual(essentials(whole));
      }),
      { numRuns: 25 },
    );
  });

  it('numbers example rows in the whole run and keeps at most five', () => {
    const merged = scanInChunks(data, [100, 200]);
    for (const finding of merged.findings) {
      const original = whole.findings.find((f) => f.column === finding.column && f.entity === finding.entity)!;
      expect(finding.exampleRows).toEqual(original.exampleRows);
      expect(finding.exampleRows.length).toBeLessThanOrEqual(5);
    }
    // A chunk that starts at 200 reports its first SSN at row 200, not 0.
    const late = mergePiiScans([{ rowOffset: 200, result: scanPii(data.slice(200)) }]);
    expect(late.findings.find((f) => f.entity === 'us_ssn')?.exampleRows[0]).toBe(200);
  });

  it('keeps the policy: a scan that does not block stays clean', () => {
    const lenient = { policy: { block: false } };
    const merged = mergePiiScans([
      { rowOffset: 0, result: scanPii(data.slice(0, 150), lenient) },
      { rowOffset: 150, result: scanPii(data.slice(150), lenient) },
    ]);
    expect(merged.verdict).toBe('clean');
    expect(merged.wouldBlock).toBe(true);
    expect(() => mergePiiScans([])).toThrow(/at least one/);
  });
});
