import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, isSdgError, sha256Hex } from '../../src/core/index.js';
import { canonicalEventText, canonicalPayload, chainHash, GENESIS_HASH, memoryChainSource, verifyChain } from '../../src/audit/index.js';
import type { AuditRow } from '../../src/store/index.js';

const nullableText = fc.option(fc.string(), { nil: null });

describe('the canonical event', () => {
  it('equals RFC 8785 canonical JSON of the whole event, with the payload text embedded verbatim', () => {
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.nat(),
          ts: fc.string(),
          type: fc.string(),
          runId: nullableText,
          userId: nullableText,
          role: nullableText,
          payload: fc.dictionary(fc.string(), fc.jsonValue()),
        }),
        (event) => {
          const payloadText = canonicalPayload(event.payload);
          const expected = canonicalJson({
            seq: event.seq,
            ts: event.ts,
            type: event.type,
            runId: event.runId,
            user: event.userId,
            role: event.role,
            payload: JSON.parse(payloadText),
          });
          expect(canonicalEventText({ ...event, payload: payloadText })).toBe(expected);
        },
      ),
    );
  });

  it('hashes SHA-256(prevHash ‖ canonical event) from 64 zeros', () => {
    const fields = {
      seq: 1,
      ts: '2025-01-01T00:00:00.000Z',
      type: 'DataGenStarted',
      runId: 'run_1',
      userId: 'u',
      role: 'admin',
      payload: '{"rowCount":1}',
    };
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chainHash(GENESIS_HASH, fields)).toBe(sha256Hex(GENESIS_HASH + canonicalEventText(fields)));
    expect(canonicalEventText(fields)).toBe(
      '{"payload":{"rowCount":1},"role":"admin","runId":"run_1","seq":1,"ts":"2025-01-01T00:00:00.000Z","type":"DataGenStarted","user":"u"}',
    );
  });

  it('records NaN and Infinity as null and refuses payloads JSON cannot hold', () => {
    expect(canonicalPayload({ b: Number.NaN, a: [Infinity, 1], c: undefined })).toBe('{"a":[null,1],"b":null}');
    for (const bad of [[1], 'text', null, { f: () => 1 }, { n: 10n }]) {
      let error: unknown;
      try {
        canonicalPayload(bad);
      } catch (e) {
        error = e;
      }
      expect(isSdgError(error) && error.code === 'SDG_ERR_INVALID_DATA').toBe(true);
    }
  });
});

function chain(length: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const fields = {
      seq,
      ts: `2025-01-01T00:00:${String(seq).padStart(2, '0')}.000Z`,
      type: 'VizCompleted',
      runId: null,
      userId: null,
      role: null,
      payload: `{"n":${seq}}`,
    };
    const row = { ...fields, prevHash, hash: chainHash(prevHash, fields) };
    rows.push(row);
    prevHash = row.hash;
  }
  return rows;
}

describe('verifying a chain in memory', () => {
  it('accepts an intact chain in any row order, and an empty one', async () => {
    const rows = chain(6);
    expect(await verifyChain(memoryChainSource([...rows].reverse()))).toMatchObject({ intact: true, checked: 6, head: { seq: 6 } });
    expect(await verifyChain(memoryChainSource([]))).toEqual({ intact: true, checked: 0, head: null, break: null });
  });

  it('finds an edit to any single field of any row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('ts', 'type', 'runId', 'userId', 'role', 'payload'),
        async (seq, field) => {
          const rows = chain(8);
          const index = seq - 1;
          const original = rows[index] as AuditRow;
          const replacement = field === 'payload' ? '{"n":-1}' : 'tampered';
          rows[index] = { ...original, [field]: replacement };
          const result = await verifyChain(memoryChainSource(rows));
          expect(result.break).toMatchObject({ seq, kind: 'edited', expected: original.hash });
          expect(result.checked).toBe(seq - 1);
        },
      ),
    );
  });

  it('finds the deletion of any single row', async () => {
    for (let seq = 1; seq <= 5; seq += 1) {
      const rows = chain(5).filter((row) => row.seq !== seq);
      const result = await verifyChain(memoryChainSource(rows));
      if (seq === 5) {
        // Losing the newest event leaves a valid shorter chain: only an anchor shows it.
        expect(result.intact).toBe(true);
        const anchored = await verifyChain(memoryChainSource(rows), { anchor: { seq: 5, hash: (chain(5)[4] as AuditRow).hash } });
        expect(anchored.break).toMatchObject({ seq: 5, kind: 'deleted' });
      } else {
        expect(result.break).toMatchObject({ seq, kind: 'deleted' });
      }
    }
  });

  it('reports an anchor whose event no longer has the recorded hash', async () => {
    const rows = chain(4);
    const result = await verifyChain(memoryChainSource(rows), { anchor: { seq: 3, hash: 'f'.repeat(64) } });
    expect(result.break).toMatchObject({ seq: 3, kind: 'edited' });
    expect((await verifyChain(memoryChainSource(rows), { anchor: { seq: 3, hash: (rows[2] as AuditRow).hash } })).intact).toBe(true);
  });
});
