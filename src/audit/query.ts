/**
 * Reading the log: filtered pages for the UI and API, and JSON Lines export. An export of the whole log is
 * self-verifying: every line carries prevHash and hash, and `verifyAuditJsonl` re-checks the chain offline
 * with the same rules as `verifyAudit`.
 */
import { canonicalJson, SdgError } from '../core/index.js';
import type { AuditQuery, AuditRow, Page, StoreSession } from '../store/index.js';
import { rowToEvent } from './chain.js';
import type { AuditEvent, AuditEventType } from './events.js';
import { memoryChainSource, verifyChain, type AuditVerification, type VerifyOptions } from './verify.js';

export interface AuditListQuery extends Omit<AuditQuery, 'types' | 'userId'> {
  readonly types?: readonly AuditEventType[];
  readonly user?: string;
}

function storeQuery(query: AuditListQuery): AuditQuery {
  const { types, user, ...rest } = query;
  return { ...rest, ...(types === undefined ? {} : { types }), ...(user === undefined ? {} : { userId: user }) };
}

export async function listAudit(store: StoreSession, query: AuditListQuery = {}): Promise<Page<AuditEvent>> {
  const page = await store.auditLog.list(storeQuery(query));
  return { ...page, items: page.items.map(rowToEvent) };
}

/** One JSON object per line (`AuditEvent`), oldest first unless `order: 'desc'`, read in pages of 500. */
export async function* auditJsonl(store: StoreSession, query: Omit<AuditListQuery, 'cursor' | 'limit'> = {}): AsyncGenerator<string> {
  let cursor: string | null | undefined;
  do {
    const page = await store.auditLog.list({ ...storeQuery(query), limit: 500, ...(cursor == null ? {} : { cursor }) });
    for (const row of page.items) yield `${JSON.stringify(rowToEvent(row))}\n`;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

function lineToRow(line: string, lineNumber: number): AuditRow {
  let event: Partial<AuditEvent>;
  try {
    event = JSON.parse(line) as Partial<AuditEvent>;
  } catch (error) {
    throw new SdgError('SDG_ERR_INVALID_JSON', `line ${lineNumber} of the audit export is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const text = (value: unknown): value is string => typeof value === 'string';
  const nullableText = (value: unknown): value is string | null => value === null || typeof value === 'string';
  if (
    typeof event.seq !== 'number' ||
    !text(event.ts) ||
    !text(event.type) ||
    !nullableText(event.runId) ||
    !nullableText(event.user) ||
    !nullableText(event.role) ||
    !text(event.prevHash) ||
    !text(event.hash) ||
    typeof event.payload !== 'object' ||
    event.payload === null
  ) {
    throw new SdgError('SDG_ERR_INVALID_DATA', `line ${lineNumber} of the audit export is not an audit event`, {
      hint: 'verify a complete, unfiltered export made by `synthdatagen audit export`',
    });
  }
  return {
    seq: event.seq,
    ts: event.ts,
    type: event.type,
    runId: event.runId,
    userId: event.user,
    role: event.role,
    payload: canonicalJson(event.payload),
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/**
 * Verifies an exported log (complete and unfiltered) without the database, e.g. an archive a compliance
 * officer received. There are no triggers to check, so `missingGuards` is always empty.
 */
export async function verifyAuditJsonl(
  lines: Iterable<string> | AsyncIterable<string>,
  options: Pick<VerifyOptions, 'anchor'> = {},
): Promise<AuditVerification> {
  const rows: AuditRow[] = [];
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() !== '') rows.push(lineToRow(line, lineNumber));
  }
  const result = await verifyChain(memoryChainSource(rows), options);
  return { ...result, ok: result.intact, missingGuards: [] };
}
