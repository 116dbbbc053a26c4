/**
 * The audit log: an append-only SHA-256 hash chain in the store's audit_events table, guarded by database
 * triggers, with the seed's event taxonomy. See docs/storage.md ("Audit chain").
 *
 *   await appendAudit(store, { type: 'DataGenStarted', runId, user, role, payload: { schemaFingerprint, rowCount } });
 *   const report = await verifyAudit(store); // report.break names the first broken link
 */
export { appendAudit, appendAuditEvents } from './append.js';
export { verifyAudit, verifyChain, storeChainSource, memoryChainSource } from './verify.js';
export type { AuditVerification, AuditBreak, AuditBreakKind, VerifyOptions, ChainSource } from './verify.js';
export { listAudit, auditJsonl, verifyAuditJsonl } from './query.js';
export type { AuditListQuery } from './query.js';
export { AUDIT_EVENT_TYPES, isAuditEventType } from './events.js';
export type { AuditPayloads, AuditEventType, AuditEventInput, AuditEvent, AuditContext } from './events.js';
export { GENESIS_HASH, canonicalEventText, chainHash, canonicalPayload } from './chain.js';
export type { CanonicalFields } from './chain.js';
