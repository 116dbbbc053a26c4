/**
 * Walks the chain in seq order and names the first broken link.
 *
 * A row is intact when its stored hash equals SHA-256(prevHash ‖ its canonical content) ("self-consistent")
 * and its prevHash equals the hash of the row before it ("linked"). When a row is not, the neighbours tell
 * what happened:
 *
 *   seq jumps from n to m > n+1                                  → deleted   (first missing seq)
 *   linked, not self-consistent, and the next row links past it  → inserted  (a forged row slipped in)
 *   linked, not self-consistent                                  → edited    (content changed in place)
 *   links to a hash no row has, self-consistent                  → edited    (the previous row was rewritten
 *                                                                             and re-hashed)
 *   links to a hash no row has, not self-consistent              → deleted   (rows removed and renumbered)
 *   links to an existing row that another row also links to      → inserted  (a fork: the branch nothing
 *                                                                             continues is the forgery)
 *   links to an existing row that is not its predecessor         → reordered
 *
 * The walk holds one batch in memory; the lookups by hash only run once a break is found. What no chain can
 * show by itself is the loss of its newest events (or a forger re-hashing everything after an edit):
 * record the head (seq and hash) somewhere else from time to time and pass it as `anchor`.
 */
import type { AuditLink, AuditRow, StoreSession } from '../store/index.js';
import { APPEND_ONLY_TRIGGERS } from '../store/index.js';
import { chainHash, GENESIS_HASH } from './chain.js';

export type AuditBreakKind = 'edited' | 'deleted' | 'reordered' | 'inserted';

export interface AuditBreak {
  /** The event at fault: the edited, inserted or moved one, or the first missing seq. */
  readonly seq: number;
  readonly kind: AuditBreakKind;
  /** The hash the chain commits to at this link… */
  readonly expected: string;
  /** …and the hash found there instead. */
  readonly found: string;
  /** One sentence for people. */
  readonly message: string;
}

export interface AuditVerification {
  /** True when the chain is intact and the append-only triggers are all in place. */
  readonly ok: boolean;
  readonly intact: boolean;
  /** Events checked (up to the break when there is one). */
  readonly checked: number;
  /** The last intact event: the chain's head when intact. Record it to anchor later checks. */
  readonly head: AuditLink | null;
  readonly break: AuditBreak | null;
  /** Append-only triggers expected for this database and missing from it (someone dropped them). */
  readonly missingGuards: readonly string[];
}

export interface VerifyOptions {
  /** A head recorded earlier: the event with this seq must still exist with this hash. */
  readonly anchor?: AuditLink;
  /** Rows read per query (default 1000). */
  readonly batchSize?: number;
}

/** How verify reads a chain: the rows in seq order, plus two lookups used only to classify a break. */
export interface ChainSource {
  rows(): AsyncIterable<AuditRow>;
  byHash(hash: string): Promise<AuditRow | undefined>;
  byPrevHash(prevHash: string): Promise<AuditRow[]>;
}

const short = (hash: string): string => `${hash.slice(0, 12)}…`;

const selfHash = (row: AuditRow, seq = row.seq): string => chainHash(row.prevHash, { ...row, seq });

async function hasSuccessor(source: ChainSource, row: AuditRow): Promise<boolean> {
  return (await source.byPrevHash(row.hash)).length > 0;
}

/**
 * True when the next row links past this one to the same predecessor and nothing continues from this one:
 * this row is a dead-end branch, slipped in between two genuine events.
 */
async function skippedBy(source: ChainSource, row: AuditRow, next: AuditRow | undefined): Promise<boolean> {
  return next !== undefined && next.prevHash === row.prevHash && !(await hasSuccessor(source, row));
}

function inserted(row: AuditRow, next: AuditRow, position: number): AuditBreak {
  return {
    seq: row.seq,
    kind: 'inserted',
    expected: row.prevHash,
    found: row.hash,
    message: `event ${row.seq} was inserted: event ${next.seq} links straight to event ${position - 1}, and nothing continues from ${row.seq}`,
  };
}

/** Classifies the break at `row`, found at the position where seq `position` was expected after `previous`. */
async function classify(
  source: ChainSource,
  row: AuditRow,
  position: number,
  previous: AuditRow | undefined,
  next: AuditRow | undefined,
): Promise<AuditBreak> {
  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  if (row.seq !== position) {
    return {
      seq: position,
      kind: 'deleted',
      expected: expectedPrev,
      found: row.prevHash,
      message: `${row.seq === position + 1 ? `event ${position} is` : `events ${position}–${row.seq - 1} are`} missing: ${
        position === 1 ? `the log starts at ${row.seq}` : `the log goes from ${position - 1} to ${row.seq}`
      }`,
    };
  }
  const selfConsistent = selfHash(row) === row.hash;
  if (row.prevHash === expectedPrev) {
    if (await skippedBy(source, row, next)) return inserted(row, next as AuditRow, position);
    const recomputed = selfHash(row);
    return {
      seq: row.seq,
      kind: 'edited',
      expected: row.hash,
      found: recomputed,
      message: `event ${row.seq} was edited: its content hashes to ${short(recomputed)}, but the chain recorded ${short(row.hash)}`,
    };
  }
  const predecessor = row.prevHash === GENESIS_HASH ? undefined : await source.byHash(row.prevHash);
  if (predecessor === undefined && row.prevHash !== GENESIS_HASH) {
    if (selfConsistent && previous !== undefined) {
      return {
        seq: previous.seq,
        kind: 'edited',
        expected: row.prevHash,
        found: previous.hash,
        message: `event ${previous.seq} was rewritten and re-hashed: event ${row.seq} links to ${short(row.prevHash)}, which no event has any more`,
      };
    }
    return {
      seq: row.seq,
      kind: 'deleted',
      expected: expectedPrev,
      found: row.prevHash,
      message: `events before ${row.seq} were deleted and the rest renumbered: event ${row.seq} links to ${short(row.prevHash)}, which no event has`,
    };
  }
  const claimants = await source.byPrevHash(row.prevHash);
  if (claimants.length > 1) {
    // Two events claim the same predecessor. The genuine one is continued by the rest of the chain; the
    // forged branch is a dead end. If neither is continued (a fork at the tail), the later one was added.
    const deadEnds: AuditRow[] = [];
    for (const claimant of claimants) if (!(await hasSuccessor(source, claimant))) deadEnds.push(claimant);
    const candidates = deadEnds.length > 0 ? deadEnds : claimants;
    const forged = candidates.reduce((latest, claimant) => (claimant.seq > latest.seq ? claimant : latest));
    const genuine = claimants.find((claimant) => claimant !== forged) ?? row;
    const after = predecessor?.seq ?? 0;
    return {
      seq: forged.seq,
      kind: 'inserted',
      expected: genuine.hash,
      found: forged.hash,
      message: `event ${forged.seq} was inserted: it and event ${genuine.seq} both claim to follow event ${after}`,
    };
  }
  const from = predecessor === undefined ? 'the start of the log' : `event ${predecessor.seq}`;
  return {
    seq: row.seq,
    kind: 'reordered',
    expected: expectedPrev,
    found: row.prevHash,
    message: `event ${row.seq} is out of order: it follows ${from}, not event ${position - 1}`,
  };
}

/** Verifies any chain source (the database, or an exported JSONL file read back). */
export async function verifyChain(
  source: ChainSource,
  options: { readonly anchor?: AuditLink } = {},
): Promise<Omit<AuditVerification, 'ok' | 'missingGuards'>> {
  let previous: AuditRow | undefined;
  let checked = 0;
  const iterator = source.rows()[Symbol.asyncIterator]();
  let current = await iterator.next();
  while (current.done !== true) {
    const row = current.value;
    const upcoming = await iterator.next();
    const next = upcoming.done === true ? undefined : upcoming.value;
    const position = (previous?.seq ?? 0) + 1;
    const intact = row.seq === position && row.prevHash === (previous?.hash ?? GENESIS_HASH) && selfHash(row) === row.hash;
    // A well-formed forged row looks intact by itself; the next row linking past it gives it away.
    const broken = !intact
      ? await classify(source, row, position, previous, next)
      : (await skippedBy(source, row, next))
        ? inserted(row, next as AuditRow, position)
        : undefined;
    if (broken !== undefined) {
      await iterator.return?.();
      return { intact: false, checked, head: linkOf(previous), break: broken };
    }
    checked += 1;
    previous = row;
    current = upcoming;
  }
  const anchorBreak = options.anchor === undefined ? undefined : await checkAnchor(source, options.anchor, previous);
  if (anchorBreak !== undefined) return { intact: false, checked, head: linkOf(previous), break: anchorBreak };
  return { intact: true, checked, head: linkOf(previous), break: null };
}

function linkOf(row: AuditRow | undefined): AuditLink | null {
  return row === undefined ? null : { seq: row.seq, hash: row.hash };
}

async function checkAnchor(source: ChainSource, anchor: AuditLink, head: AuditRow | undefined): Promise<AuditBreak | undefined> {
  if (head === undefined || anchor.seq > head.seq) {
    const first = (head?.seq ?? 0) + 1;
    return {
      seq: first,
      kind: 'deleted',
      expected: anchor.hash,
      found: head?.hash ?? GENESIS_HASH,
      message: `the log ends at event ${head?.seq ?? 0}, but event ${anchor.seq} was recorded earlier: events from ${first} were deleted`,
    };
  }
  const row = await source.byHash(anchor.hash);
  if (row !== undefined && row.seq === anchor.seq) return undefined;
  return {
    seq: anchor.seq,
    kind: 'edited',
    expected: anchor.hash,
    found: row === undefined ? '(no event has the recorded hash)' : row.hash,
    message: `event ${anchor.seq} no longer has the hash recorded for it (${short(anchor.hash)}): the chain up to it was rewritten`,
  };
}

/** The chain as stored in the database, read in batches. */
export function storeChainSource(store: StoreSession, batchSize = 1000): ChainSource {
  return {
    async *rows() {
      let after = 0;
      for (;;) {
        const batch = await store.auditLog.after(after, batchSize);
        yield* batch;
        if (batch.length < batchSize) return;
        after = (batch[batch.length - 1] as AuditRow).seq;
      }
    },
    byHash: (hash) => store.auditLog.findByHash(hash),
    byPrevHash: (prevHash) => store.auditLog.findByPrevHash(prevHash),
  };
}

/** A chain held in memory (an export read back), rows in any order. */
export function memoryChainSource(rows: readonly AuditRow[]): ChainSource {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const byHash = new Map<string, AuditRow>();
  const byPrev = new Map<string, AuditRow[]>();
  for (const row of sorted) {
    byHash.set(row.hash, row);
    byPrev.set(row.prevHash, [...(byPrev.get(row.prevHash) ?? []), row]);
  }
  return {
    async *rows() {
      yield* sorted;
    },
    byHash: async (hash) => byHash.get(hash),
    byPrevHash: async (prevHash) => byPrev.get(prevHash) ?? [],
  };
}

/** Verifies the audit chain in the store and checks that its append-only triggers are in place. */
export async function verifyAudit(store: StoreSession, options: VerifyOptions = {}): Promise<AuditVerification> {
  const result = await verifyChain(storeChainSource(store, options.batchSize), options);
  const installed = new Set(await store.auditLog.triggers());
  const missingGuards = APPEND_ONLY_TRIGGERS[store.dialect].filter((name) => !installed.has(name));
  return { ...result, ok: result.intact && missingGuards.length === 0, missingGuards };
}
