/**
 * Public face of the service layer: the operations REST and MCP share (permission checks, audit trail,
 * runs, downloads, library, settings, keys), and the request schemas both faces validate with.
 */
export { SynthService, DEFAULT_SETTINGS, REMEDIATION_GUIDE } from './service.js';
export type { ServiceOptions, SettingsView, SubmitOutcome, DataInput } from './service.js';
export { createService, storeAudit, distributedHandlers, rebuildRunJob, requestSource } from './create.js';
export type { CreateServiceOptions, DistributedHandlersOptions } from './create.js';
export { executeRun, resolveBody, storedRequest, reportDocument, EXTENSIONS } from './runs.js';
export type { PipelineBody, ResolvedRequest, ExecuteDeps, ExecutedRun } from './runs.js';
export * as requestSchemas from './schemas.js';
export type { Principal, AuditAppend, Role, Permission } from './types.js';
