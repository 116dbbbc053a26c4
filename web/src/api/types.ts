/** The shapes the REST API answers with (see src/server/views.ts and docs/service.md). */

export type Permission =
  | 'pipeline:run'
  | 'evaluate'
  | 'visualize'
  | 'runs:read'
  | 'runs:download'
  | 'schemas:read'
  | 'schemas:write'
  | 'templates:read'
  | 'templates:write'
  | 'settings:read'
  | 'settings:write'
  | 'audit:read'
  | 'audit:verify'
  | 'keys:manage';

export type Role = 'qa_engineer' | 'ml_engineer' | 'compliance_admin' | 'admin';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  qa_engineer: 'QA Engineer',
  ml_engineer: 'ML Engineer',
  compliance_admin: 'Compliance Admin',
  admin: 'Admin',
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export interface Me {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly permissions: readonly Permission[];
  /** The generate form's defaults (from the settings, readable by every role through /api/me). */
  readonly defaults?: { readonly defaultRowCount?: number; readonly defaultFormat?: Format; readonly defaultSchemaId?: string | null };
}

export const FORMATS = ['jsonl', 'json', 'csv', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export type Verdict = 'pass' | 'warn' | 'fail';

export interface EvaluationSummary {
  readonly status: Verdict;
  readonly summary?: {
    readonly quality?: number | null;
    readonly columnShapes?: number | null;
    readonly columnPairTrends?: number | null;
    readonly validity?: number | null;
    readonly exactCopyRate?: number | null;
    readonly checks?: { readonly pass: number; readonly warn: number; readonly fail: number; readonly skip: number };
  };
}

export interface PiiFinding {
  readonly column: string;
  readonly entity: string;
  readonly severity: string;
  readonly count: number;
  readonly share?: number;
  readonly confidence?: number;
  readonly maskedExample?: string;
  readonly reasons?: readonly string[];
  readonly remediation?: string;
  readonly allowed?: boolean;
}

export interface PiiSummary {
  readonly verdict: 'clean' | 'blocked';
  readonly wouldBlock?: boolean;
  readonly rowsScanned?: number;
  readonly columnsScanned?: number;
  readonly findings: readonly PiiFinding[];
}

export interface ChartView {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly alt: string;
  readonly url: string;
  readonly svgUrl: string;
  readonly png2xUrl: string;
  readonly specUrl: string;
}

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly pointer?: string;
  readonly hint?: string;
}

export interface Run {
  readonly runId: string;
  readonly status: RunStatus;
  readonly user: string | null;
  readonly role: string | null;
  readonly rowCount: number;
  readonly seed: number | string | null;
  readonly format: string;
  readonly schemaFingerprint: string | null;
  readonly schemaId: string | null;
  readonly schemaVersion: number | null;
  readonly templateId: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly timings: Readonly<Record<string, number>> | null;
  readonly dataUrl: string | null;
  readonly downloads: Readonly<Record<string, string>> | null;
  readonly reportUrl: string | null;
  readonly reportHtmlUrl: string | null;
  readonly evaluation: EvaluationSummary | null;
  readonly pii: PiiSummary | null;
  readonly visualizations: readonly ChartView[];
  readonly error: RunError | null;
  /** Only in a 202 answer: where progress streams, and the chunking advice. */
  readonly eventsUrl?: string;
  readonly advice?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number | null;
  readonly nextCursor: string | null;
}

export interface LintIssue {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly pointer: string;
  readonly message: string;
  readonly hint?: string;
}

export interface LintResult {
  readonly valid: boolean;
  readonly draft?: string;
  readonly issues: readonly LintIssue[];
}

export interface SchemaRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly latestVersion: number;
  readonly fingerprint?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string | null;
}

export interface SchemaVersionInfo {
  readonly schemaId: string;
  readonly version: number;
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
}

export interface SchemaVersion extends SchemaVersionInfo {
  readonly content: unknown;
}

export interface SchemaDetail extends SchemaRecord {
  readonly content: unknown;
  readonly versions: readonly SchemaVersionInfo[];
}

export interface NamedDocument {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly content: Record<string, unknown>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string | null;
}

export interface Settings {
  readonly blockPiiDownloads: boolean;
  readonly defaultRowCount: number;
  readonly defaultFormat: Format;
  readonly defaultThresholds: Record<string, unknown> | null;
  readonly defaultSchemaId: string | null;
}

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly prefix: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

export interface CreatedKey {
  /** The raw key: shown once, it cannot be recovered. */
  readonly secret: string;
  readonly key: ApiKey;
}

export const AUDIT_EVENT_TYPES = [
  'DataGenStarted',
  'DataGenCompleted',
  'DataGenFailed',
  'PIIDetected',
  'EvalCompleted',
  'VizCompleted',
  'ExportTriggered',
  'SchemaSaved',
  'SettingsChanged',
  'KeyCreated',
  'KeyRevoked',
  'AccessDenied',
] as const;

export interface AuditEvent {
  readonly seq: number;
  readonly ts: string;
  readonly type: string;
  readonly runId: string | null;
  readonly user: string | null;
  readonly role: string | null;
  readonly payload: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditVerification {
  /** Intact and every append-only trigger in place. */
  readonly ok: boolean;
  readonly intact: boolean;
  readonly checked: number;
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly break: {
    readonly seq: number;
    readonly kind: string;
    readonly expected: string;
    readonly found: string;
    readonly message: string;
  } | null;
  readonly missingGuards: readonly string[];
}

export interface RunUpdate {
  readonly type: 'queued' | 'progress' | 'done' | string;
  readonly stage?: string;
  readonly rowsDone?: number;
  readonly rowCount?: number;
  readonly fraction?: number;
  readonly status?: RunStatus;
  readonly error?: RunError;
  readonly position?: number;
}
