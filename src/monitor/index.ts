/**
 * Monitors over what the service has recorded: schema drift between library versions, quality drift across
 * successive runs of a schema, usage (runs, rows, PII blocks, failures, latency by user, role and schema),
 * and the Prometheus metrics of a server process. Service-level: they read the store; the server exposes them
 * at /api/schemas/:id/drift, /api/monitors/quality, /api/metrics and /metrics (see docs/operations.md).
 */
export { diffSchemas } from './schema-drift.js';
export type { SchemaChange, SchemaDiff, DriftKind } from './schema-drift.js';
export { qualityDrift } from './quality-drift.js';
export type { QualityDrift, QualityPoint, QualityDriftQuery } from './quality-drift.js';
export { usage, percentile } from './usage.js';
export type { Usage, UsageGroup, UsageQuery } from './usage.js';
export { createServiceMetrics } from './metrics.js';
export type { ServiceMetrics, MetricsSources } from './metrics.js';
export { schemaHistory } from './schema-history.js';
export type { SchemaHistory, SchemaVersionDrift } from './schema-history.js';
