/**
 * The service: every operation REST and MCP offer, once, with the permission check, the audit trail and
 * the error shape built in. The faces only translate: a route or a tool parses its input, calls one method
 * here with the caller's Principal, and renders the result. So a role can do exactly the same things over
 * HTTP and over MCP, and every refusal is audited the same way.
 */
import { SdgError, isPlainObject, type JsonSchema, type JsonValue } from '../core/index.js';
import { evaluateSync, coerceCsvRows, csvColumnTypes, schemaColumns, type EvaluationReport } from '../evaluate/index.js';
import { generate } from '../generate/index.js';
import { OUTPUT_FORMATS, type OutputFormat, type RowSink } from '../generate/writers/index.js';
import { infer, parseDataset, type Dataset } from '../infer/index.js';
import { scanPii, type PiiPolicy, type PiiScanResult } from '../pii/index.js';
import { assertLintClean, lintSchema, type LintResult } from '../schema/index.js';
import { renderPng, visualize, type Chart, type ChartKind } from '../visualize/index.js';
import { can, createKey, listKeys, parseRole, revokeKey, type ApiKey, type CreatedKey, type Permission } from '../auth/index.js';
import {
  auditJsonl,
  isAuditEventType,
  listAudit,
  verifyAudit,
  type AuditEventType,
  type AuditListQuery,
  type AuditVerification,
} from '../audit/index.js';
import type { ArtifactStore, Page, RunArtifact, RunQuery, RunRecord, Store } from '../store/index.js';
import type { RunQueue, RunUpdate } from '../jobs/index.js';
import type { RowSource } from '../pipeline/index.js';
import { convertDataset, executeRun, resolveBody, storedRequest, type PipelineBody } from './runs.js';
import type { AuditAppend, Principal } from './types.js';

export interface ServiceOptions {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly queue: RunQueue;
  readonly audit: AuditAppend;
  readonly maxRows: number;
  /** Runs above this many rows are queued (202 + Location) instead of answered in the request. */
  readonly asyncRowThreshold: number;
  readonly rowSourceFor?: (rowCount: number) => RowSource | undefined;
}

/** Settings and their defaults (GET /api/settings answers all of them). */
export const DEFAULT_SETTINGS = {
  blockPiiDownloads: true,
  defaultRowCount: 1000,
  defaultFormat: 'jsonl',
  defaultThresholds: null,
  defaultSchemaId: null,
} as const satisfies Record<string, JsonValue>;

export type SettingsView = { -readonly [K in keyof typeof DEFAULT_SETTINGS]: JsonValue };

export interface SubmitOutcome {
  /** `sync`: the run is finished (any status); `async`: it is queued, poll its Location or stream its events. */
  readonly mode: 'sync' | 'async';
  readonly run: RunRecord;
  /** The charts as drawn, for inline data URIs (sync runs only). */
  readonly charts?: readonly Chart[];
}

export interface DataInput {
  readonly runId?: string;
  readonly rows?: readonly unknown[];
  readonly text?: string;
  readonly format?: 'csv' | 'json' | 'jsonl';
}

export const REMEDIATION_GUIDE = [
  'Find the flagged columns in the findings: each names the entity, how many rows, and an example (masked).',
  'Remove the column, or give it a generator that draws from a safe space: x-faker with a person/internet method, or a format such as email (example.com) or a pattern.',
  'If the data came from a sample, mark personal-data columns so infer synthesises them instead of modelling their values.',
  'If a finding is a false positive, add an allow rule {column, entity, reason} to options.pii.allow and run again; the rule is recorded with the run.',
  'Run the pipeline again and check that the PII verdict is clean before downloading.',
];

function forbidden(permission: Permission, role: string): SdgError {
  return new SdgError('SDG_ERR_FORBIDDEN', `the role ${role} may not ${permission}`, {
    hint: 'ask an admin for a key with a role that may (see docs/permissions.md)',
  });
}

/** assertLintClean (the code says invalid, unsatisfiable or unresolved), with the pointer inside the request. */
function assertLintCleanAt(lint: LintResult, at: string, what: string): void {
  try {
    assertLintClean(lint);
  } catch (error) {
    if (!(error instanceof SdgError)) throw error;
    throw new SdgError(error.code, `${what} does not lint: ${error.message}`, {
      pointer: `${at}${error.pointer ?? ''}`,
      ...(error.hint ? { hint: error.hint } : {}),
    });
  }
}

function notFound(what: string, id: string): SdgError {
  return new SdgError('SDG_ERR_NOT_FOUND', `no ${what} ${JSON.stringify(id)}`);
}

export class SynthService {
  /** Runs executing inside a request (sync runs), so a graceful stop can let them finish writing. */
  private readonly inRequest = new Set<Promise<unknown>>();

  constructor(private readonly options: ServiceOptions) {}

  /** Resolves when the runs executing inside requests have ended (recorded, artifacts stored). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inRequest]);
  }

  get store(): Store {
    return this.options.store;
  }

  get artifacts(): ArtifactStore {
    return this.options.artifacts;
  }

  get queue(): RunQueue {
    return this.options.queue;
  }

  /** Throws (and audits) unless the principal's role has the permission. */
  async authorize(principal: Principal, permission: Permission, context: { method?: string; route?: string } = {}): Promise<void> {
    if (can(principal.role, permission)) return;
    await this.options.audit({
      type: 'AccessDenied',
      principal,
      payload: {
        reason: 'forbidden',
        permission,
        ...(context.method ? { method: context.method } : {}),
        ...(context.route ? { route: context.route } : {}),
      },
    });
    throw forbidden(permission, principal.role);
  }

  /** Records a request refused before it had a principal (no key, a bad key) or for want of a permission. */
  async auditDenied(
    principal: Principal | null,
    reason: 'missing_key' | 'malformed_key' | 'unknown_key' | 'revoked_key' | 'forbidden',
    context: { method?: string; route?: string; permission?: string } = {},
  ): Promise<void> {
    await this.options.audit({
      type: 'AccessDenied',
      principal,
      payload: {
        reason,
        ...(context.permission ? { permission: context.permission } : {}),
        ...(context.method ? { method: context.method } : {}),
        ...(context.route ? { route: context.route } : {}),
      },
    });
  }

  // ── settings ────────────────────────────────────────────────────────────────────────────────────────

  async settings(): Promise<SettingsView> {
    const stored = await this.options.store.settings.all();
    return { ...DEFAULT_SETTINGS, ...stored } as SettingsView;
  }

  async updateSettings(principal: Principal, values: Readonly<Record<string, JsonValue>>): Promise<SettingsView> {
    await this.authorize(principal, 'settings:write');
    const unknown = Object.keys(values).filter((k) => !(k in DEFAULT_SETTINGS));
    if (unknown.length > 0)
      throw new SdgError('SDG_ERR_BAD_REQUEST', `unknown setting ${unknown[0]}`, {
        pointer: `/${unknown[0]}`,
        hint: `settings are ${Object.keys(DEFAULT_SETTINGS).join(', ')}`,
      });
    if (typeof values.defaultSchemaId === 'string' && (await this.options.store.schemas.get(values.defaultSchemaId)) === undefined)
      throw new SdgError('SDG_ERR_NOT_FOUND', `no schema ${JSON.stringify(values.defaultSchemaId)}`, { pointer: '/defaultSchemaId' });
    const changes = await this.options.store.settings.set(values, principal.id);
    if (changes.length > 0) {
      await this.options.audit({
        type: 'SettingsChanged',
        principal,
        payload: {
          keys: changes.map((c) => c.key),
          changes: changes.map((c) => ({ key: c.key, from: c.previous ?? null, to: c.value ?? null })),
        },
      });
    }
    return this.settings();
  }

  // ── pipeline runs ───────────────────────────────────────────────────────────────────────────────────

  async submitPipeline(principal: Principal, body: PipelineBody): Promise<SubmitOutcome> {
    await this.authorize(principal, 'pipeline:run');
    const { store } = this.options;
    if (body.rowCount > this.options.maxRows)
      throw new SdgError('SDG_ERR_BAD_REQUEST', `rowCount ${body.rowCount} is above the maximum of ${this.options.maxRows}`, {
        pointer: '/rowCount',
        hint: 'split the dataset into several runs with different seeds, or raise SYNTHDATAGEN_MAX_ROWS',
      });
    const settings = await this.settings();
    const resolved = await resolveBody(store, body, settings);
    const asynchronous = body.async === true || body.rowCount > this.options.asyncRowThreshold;
    const run = await store.runs.create({
      status: asynchronous ? 'queued' : 'running',
      userId: principal.id,
      role: principal.role,
      request: storedRequest(body),
      schemaFingerprint: null,
      schemaId: resolved.schemaId,
      schemaVersion: resolved.schemaVersion,
      templateId: resolved.templateId,
      rowCount: body.rowCount,
      seed: resolved.request.seed ?? 0,
      format: resolved.request.format ?? 'jsonl',
    });
    const source =
      body.schemaId !== undefined
        ? 'schemaId'
        : body.templateId !== undefined
          ? 'templateId'
          : body.sample !== undefined
            ? 'sample'
            : 'schema';
    const audit: AuditAppend = async (event) => {
      const payload = event.type === 'DataGenStarted' ? { ...event.payload, source } : event.payload;
      await this.options.audit({ ...event, payload });
    };
    const deps = {
      store,
      artifacts: this.options.artifacts,
      audit,
      maxRows: this.options.maxRows,
      ...(this.options.rowSourceFor ? { rowSourceFor: this.options.rowSourceFor } : {}),
    };
    if (!asynchronous) {
      const execution = executeRun(deps, run, resolved, principal);
      this.inRequest.add(execution);
      try {
        const executed = await execution;
        return { mode: 'sync', run: executed.run, ...(executed.result ? { charts: executed.result.charts } : {}) };
      } finally {
        this.inRequest.delete(execution);
      }
    }
    try {
      // The task runs here (in-process queue); the job data lets a distributed queue run it in a worker process.
      await this.options.queue.submit(
        run.id,
        async (signal, publish) => {
          const executed = await executeRun(deps, run, resolved, principal, { signal, publish });
          if (executed.run.status !== 'succeeded') {
            const error = executed.run.error ?? { code: 'SDG_ERR_INTERNAL', message: 'the run failed' };
            throw new SdgError(error.code === 'SDG_ERR_CANCELLED' ? 'SDG_ERR_CANCELLED' : 'SDG_ERR_GENERATION_FAILED', error.message);
          }
        },
        { runId: run.id, request: resolved.request, principal, source },
      );
    } catch (error) {
      // Refused by the queue: the run was recorded, so record why it never ran.
      const failure = error instanceof SdgError ? error.toJSON().error : { code: 'SDG_ERR_INTERNAL', message: String(error) };
      await store.runs.finish(run.id, { status: 'failed', error: failure });
      await audit({
        type: 'DataGenFailed',
        runId: run.id,
        principal,
        payload: { error: { code: failure.code, message: failure.message }, stage: 'queue' },
      });
      throw error;
    }
    return { mode: 'async', run };
  }

  async getRun(principal: Principal, id: string): Promise<RunRecord> {
    await this.authorize(principal, 'runs:read');
    const run = await this.options.store.runs.get(id);
    if (run === undefined) throw notFound('run', id);
    return run;
  }

  async listRuns(principal: Principal, query: RunQuery): Promise<Page<RunRecord>> {
    await this.authorize(principal, 'runs:read');
    return this.options.store.runs.list(query);
  }

  async cancelRun(principal: Principal, id: string): Promise<RunRecord> {
    await this.authorize(principal, 'pipeline:run');
    const run = await this.getRun(principal, id);
    if (run.status === 'queued' || run.status === 'running') {
      const known = await this.options.queue.cancel(id);
      if (!known && run.status === 'queued')
        await this.options.store.runs.finish(id, {
          status: 'cancelled',
          error: { code: 'SDG_ERR_CANCELLED', message: 'cancelled before it started' },
        });
    }
    return (await this.options.store.runs.get(id))!;
  }

  /** Subscribes to a run's updates; for a finished run, one `done` update. */
  async subscribe(principal: Principal, id: string, listener: (update: RunUpdate) => void): Promise<() => void> {
    const run = await this.getRun(principal, id);
    // A finished run is answered from the database: a distributed queue may have forgotten its job.
    if (run.status !== 'queued' && run.status !== 'running') {
      listener({ type: 'done', status: run.status, ...(run.error ? { error: run.error } : {}) });
      return () => {};
    }
    const live = this.options.queue.subscribe(id, listener);
    if (live) return live;
    if (run.status === 'queued' || run.status === 'running') {
      // Not in this process's queue (another instance runs it): poll the database.
      let stopped = false;
      const poll = async (): Promise<void> => {
        while (!stopped) {
          await new Promise((r) => setTimeout(r, 500));
          const current = await this.options.store.runs.get(id);
          if (current && current.status !== 'queued' && current.status !== 'running') {
            listener({ type: 'done', status: current.status, ...(current.error ? { error: current.error } : {}) });
            return;
          }
        }
      };
      void poll();
      return () => {
        stopped = true;
      };
    }
    listener({ type: 'done', status: run.status, ...(run.error ? { error: run.error } : {}) });
    return () => {};
  }

  /**
   * A run's artifact by its download name. Chart PNGs are drawn when first asked for (from the chart's SVG,
   * which every run stores): rendering them is most of a chart's cost, and most charts are only ever seen as
   * SVG in a report, so a run does not pay for PNGs nobody fetches. The PNG is then stored like any artifact.
   */
  async artifact(principal: Principal, id: string, name: string): Promise<{ artifact: RunArtifact; run: RunRecord }> {
    const run = await this.getRun(principal, id);
    const artifact = run.artifacts.find((a) => a.name === name) ?? (await this.drawPng(run, name));
    if (artifact === undefined) {
      if (run.status !== 'succeeded')
        throw new SdgError('SDG_ERR_CONFLICT', `run ${id} is ${run.status}; it has no ${name}`, {
          hint: run.status === 'failed' ? 'see the run for its error' : 'wait for the run to finish',
        });
      throw notFound('artifact', `${id}/${name}`);
    }
    return { artifact, run };
  }

  private async drawPng(run: RunRecord, name: string): Promise<RunArtifact | undefined> {
    const match = /^(.+?)(?:@([1-4])x)?\.png$/.exec(name);
    if (match === null) return undefined;
    const svg = run.artifacts.find((a) => a.kind === 'chart' && a.name === `${match[1]}.svg`);
    const text = svg === undefined ? undefined : await this.options.artifacts.get(svg.digest);
    if (text === undefined) return undefined;
    const png = await renderPng(text.toString('utf8'), match[2] === undefined ? 1 : Number(match[2]));
    const ref = await this.options.artifacts.putBytes(png.png);
    const drawn: RunArtifact = { kind: 'chart', name, digest: ref.digest, size: ref.size, mediaType: 'image/png' };
    // Two requests may draw the same PNG at once: both store the same bytes under the same digest, and the
    // run lists it once.
    const latest = (await this.options.store.runs.get(run.id)) ?? run;
    if (!latest.artifacts.some((a) => a.name === name))
      await this.options.store.runs.update(run.id, { artifacts: [...latest.artifacts, drawn] });
    return drawn;
  }

  /** Refuses a dataset download when the run's PII verdict is blocked and the setting says so. */
  async checkDownload(principal: Principal, run: RunRecord): Promise<void> {
    await this.authorize(principal, 'runs:download');
    if (run.piiVerdict !== 'blocked') return;
    const settings = await this.settings();
    if (settings.blockPiiDownloads === false) return;
    const pii = isPlainObject(run.pii) ? run.pii : {};
    throw Object.assign(
      new SdgError('PII_BLOCKED', `the dataset of run ${run.id} holds real-looking personal data; downloads are blocked`, {
        hint: 'follow the remediation guide, run again, and download once the verdict is clean',
      }),
      { details: { findings: (pii.findings ?? []) as JsonValue, remediation: REMEDIATION_GUIDE } },
    );
  }

  async recordExport(principal: Principal, run: RunRecord, artifact: { kind: string; format: string; digest?: string }): Promise<void> {
    await this.options.audit({
      type: 'ExportTriggered',
      runId: run.id,
      principal,
      payload: {
        format: artifact.format,
        artifact: artifact.kind as 'dataset',
        ...(artifact.digest ? { digest: artifact.digest } : {}),
        rowCount: run.rowCount,
        ...(run.schemaFingerprint ? { schemaFingerprint: run.schemaFingerprint } : {}),
      },
    });
  }

  /** A dataset in a format the run did not write: regenerated from its schema and seed (same rows). */
  async writeConverted(run: RunRecord, format: OutputFormat, sink: RowSink): Promise<void> {
    const schemaArtifact = run.artifacts.find((a) => a.kind === 'schema');
    const bytes = schemaArtifact ? await this.options.artifacts.get(schemaArtifact.digest) : undefined;
    if (bytes === undefined) throw new SdgError('SDG_ERR_NOT_FOUND', `run ${run.id} has no stored schema to convert from`);
    const schema = JSON.parse(bytes.toString('utf8')) as JsonSchema;
    await convertDataset(schema, run, format, sink, (s, seed, count) => generate(s, { seed, count }));
  }

  // ── evaluate / visualize on any data ───────────────────────────────────────────────────────────────

  private async rowsOf(
    principal: Principal,
    input: DataInput,
    pointer: string,
  ): Promise<{ rows: unknown[]; dataset?: Dataset; schema?: JsonSchema }> {
    const given = (['runId', 'rows', 'text'] as const).filter((k) => input[k] !== undefined);
    if (given.length !== 1)
      throw new SdgError('SDG_ERR_BAD_REQUEST', 'give the data as one of runId, rows or text', { pointer: `${pointer}/rows` });
    if (input.rows !== undefined) return { rows: [...input.rows] };
    if (input.text !== undefined) {
      try {
        const dataset = parseDataset(input.text, input.format ? { format: input.format } : {});
        return { rows: dataset.rows, dataset };
      } catch (error) {
        if (error instanceof SdgError)
          throw new SdgError(error.code, error.message, { pointer: `${pointer}/text`, ...(error.hint ? { hint: error.hint } : {}) });
        throw error;
      }
    }
    const run = await this.getRun(principal, input.runId!);
    await this.checkDownload(principal, run);
    const schemaArtifact = run.artifacts.find((a) => a.kind === 'schema');
    const bytes = schemaArtifact ? await this.options.artifacts.get(schemaArtifact.digest) : undefined;
    if (bytes === undefined)
      throw new SdgError('SDG_ERR_CONFLICT', `run ${run.id} has no dataset`, {
        pointer: `${pointer}/runId`,
        hint: 'use a run that succeeded',
      });
    const schema = JSON.parse(bytes.toString('utf8')) as JsonSchema;
    if (run.rowCount > 1_000_000)
      throw new SdgError('SDG_ERR_PAYLOAD_TOO_LARGE', `run ${run.id} has ${run.rowCount} rows; evaluate it with the CLI`, {
        pointer: `${pointer}/runId`,
      });
    return { rows: [...generate(schema, { seed: run.seed ?? 0, count: run.rowCount })], schema };
  }

  private referenceOf(reference: unknown): { rows: unknown[]; dataset?: Dataset } | undefined {
    if (reference === undefined) return undefined;
    if (!isPlainObject(reference))
      throw new SdgError('SDG_ERR_BAD_REQUEST', 'reference must be an object with rows or text', { pointer: '/reference' });
    if (Array.isArray(reference.rows)) return { rows: reference.rows };
    if (typeof reference.text === 'string') {
      const dataset = parseDataset(reference.text, typeof reference.format === 'string' ? { format: reference.format as 'csv' } : {});
      return { rows: dataset.rows, dataset };
    }
    throw new SdgError('SDG_ERR_BAD_REQUEST', 'reference must have rows or text', { pointer: '/reference' });
  }

  /** CSV cells are strings: type both sides the way the schema (or the data) says, as the CLI does. */
  private typed(
    data: { rows: unknown[]; dataset?: Dataset },
    reference: { rows: unknown[]; dataset?: Dataset } | undefined,
    schema: JsonSchema | undefined,
  ): { rows: unknown[]; reference?: unknown[] } {
    const csv = data.dataset?.format === 'csv' || reference?.dataset?.format === 'csv';
    if (!csv) return { rows: data.rows, ...(reference ? { reference: reference.rows } : {}) };
    const info = schema === undefined ? undefined : schemaColumns(schema);
    const sides = [data, ...(reference ? [reference] : [])].map((d) => ({
      rows: d.rows as Dataset['rows'],
      columns: d.dataset?.columns ?? Object.keys((d.rows[0] ?? {}) as object),
      csv: d.dataset?.format === 'csv',
    }));
    const types = csvColumnTypes(sides, info);
    const nest = info !== undefined && info.columns.some((c) => c.name.includes('.'));
    const fix = (d: { rows: unknown[]; dataset?: Dataset }): unknown[] =>
      d.dataset?.format === 'csv' ? coerceCsvRows(d.dataset.rows, types, nest) : d.rows;
    return { rows: fix(data), ...(reference ? { reference: fix(reference) } : {}) };
  }

  async evaluateData(
    principal: Principal,
    body: DataInput & { reference?: unknown; schema?: JsonSchema; thresholds?: Record<string, unknown> },
  ): Promise<EvaluationReport> {
    await this.authorize(principal, 'evaluate');
    const data = await this.rowsOf(principal, body, '');
    const schema = body.schema ?? data.schema;
    const typed = this.typed(data, this.referenceOf(body.reference), schema);
    return evaluateSync(typed.rows, {
      ...(schema === undefined ? {} : { schema }),
      ...(typed.reference ? { reference: typed.reference } : {}),
      ...(body.thresholds ? { thresholds: body.thresholds as never } : {}),
    });
  }

  async visualizeData(
    principal: Principal,
    body: DataInput & { reference?: unknown; charts?: readonly string[]; columns?: readonly string[]; inline?: boolean },
  ): Promise<{ charts: Chart[]; skipped: ReadonlyArray<{ kind: string; columns: readonly string[]; reason: string }> }> {
    await this.authorize(principal, 'visualize');
    const data = await this.rowsOf(principal, body, '');
    const typed = this.typed(data, this.referenceOf(body.reference), data.schema);
    const result = await visualize(typed.rows, {
      ...(data.schema === undefined ? {} : { schema: data.schema }),
      ...(typed.reference ? { reference: typed.reference } : {}),
      ...(body.charts ? { charts: body.charts as ChartKind[] } : {}),
      ...(body.columns ? { columns: body.columns } : {}),
      scale: body.inline ? [1] : [],
      dataUri: body.inline === true,
    });
    return { charts: result.charts, skipped: result.skipped };
  }

  /** The PII scan of any data, with the leak check against a reference sample; results hold masked examples only. */
  async scanData(
    principal: Principal,
    body: DataInput & { reference?: unknown; columns?: readonly string[]; policy?: PiiPolicy },
  ): Promise<PiiScanResult> {
    await this.authorize(principal, 'evaluate');
    const data = await this.rowsOf(principal, body, '');
    const reference = this.referenceOf(body.reference);
    return scanPii(data.rows, {
      ...(reference ? { reference: reference.rows } : {}),
      ...(body.columns ? { columns: body.columns } : {}),
      ...(body.policy ? { policy: body.policy } : {}),
    });
  }

  // ── schema library, templates, presets ─────────────────────────────────────────────────────────────

  lint(schema: JsonSchema): LintResult {
    return lintSchema(schema);
  }

  async saveSchema(
    principal: Principal,
    input: { id?: string; name: string; description?: string; schema: JsonSchema },
  ): Promise<JsonValue> {
    await this.authorize(principal, 'schemas:write');
    const lint = lintSchema(input.schema);
    assertLintCleanAt(lint, '/schema', 'the schema');
    const { store } = this.options;
    const saved =
      input.id === undefined
        ? await store.schemas.save({
            name: input.name,
            schema: input.schema as JsonValue,
            ...(input.description === undefined ? {} : { description: input.description }),
            createdBy: principal.id,
          })
        : await store.schemas.addVersion(input.id, {
            schema: input.schema as JsonValue,
            ...(input.description === undefined ? {} : { description: input.description }),
            createdBy: principal.id,
          });
    if (saved === undefined) throw notFound('schema', input.id!);
    if (saved.created) {
      await this.options.audit({
        type: 'SchemaSaved',
        principal,
        payload: {
          schemaId: saved.schema.id,
          name: saved.schema.name,
          version: saved.version.version,
          schemaFingerprint: saved.version.fingerprint,
        },
      });
    }
    return JSON.parse(JSON.stringify({ ...saved, lint: lint.issues })) as JsonValue;
  }

  async formats(): Promise<readonly OutputFormat[]> {
    return OUTPUT_FORMATS;
  }

  /** Infers a schema from a sample (no storage; the caller may save it). */
  inferSchema(input: { text: string; name?: string; format?: 'csv' | 'json' | 'jsonl' }): JsonValue {
    const dataset = parseDataset(input.text, {
      ...(input.name ? { name: input.name } : {}),
      ...(input.format ? { format: input.format } : {}),
    });
    const { schema, report } = infer(dataset);
    return JSON.parse(JSON.stringify({ schema, report })) as JsonValue;
  }

  // ── preview ────────────────────────────────────────────────────────────────────────────────────────

  /** The first rows of a schema, for live previews; lint issues come with them, errors stop it. */
  preview(schema: JsonSchema, count: number, seed: number | string): JsonValue {
    const lint = lintSchema(schema);
    assertLintCleanAt(lint, '/schema', 'the schema');
    return JSON.parse(JSON.stringify({ rows: [...generate(schema, { count, seed })], issues: lint.issues })) as JsonValue;
  }

  // ── schema library, templates, presets (CRUD) ───────────────────────────────────────────────────────

  async listSchemas(principal: Principal, query: { q?: string; limit?: number; offset?: number }): Promise<JsonValue> {
    await this.authorize(principal, 'schemas:read');
    const page = await this.options.store.schemas.list({
      ...(query.q ? { nameContains: query.q } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      ...(query.offset !== undefined ? { offset: query.offset } : {}),
    });
    return JSON.parse(JSON.stringify(page)) as JsonValue;
  }

  async getSchema(principal: Principal, id: string): Promise<JsonValue> {
    await this.authorize(principal, 'schemas:read');
    const schema = await this.options.store.schemas.get(id);
    if (schema === undefined) throw notFound('schema', id);
    const [latest, versions] = await Promise.all([this.options.store.schemas.getVersion(id), this.options.store.schemas.listVersions(id)]);
    return JSON.parse(JSON.stringify({ ...schema, content: latest?.content ?? null, versions })) as JsonValue;
  }

  async getSchemaVersion(principal: Principal, id: string, version: number): Promise<JsonValue> {
    await this.authorize(principal, 'schemas:read');
    const found = await this.options.store.schemas.getVersion(id, version);
    if (found === undefined) throw notFound('schema version', `${id}@${version}`);
    return JSON.parse(JSON.stringify(found)) as JsonValue;
  }

  async updateSchema(
    principal: Principal,
    id: string,
    changes: { name?: string; description?: string; schema?: JsonSchema },
  ): Promise<JsonValue> {
    await this.authorize(principal, 'schemas:write');
    const { store } = this.options;
    if ((await store.schemas.get(id)) === undefined) throw notFound('schema', id);
    if (changes.name !== undefined || changes.description !== undefined) {
      await store.schemas.update(id, {
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(changes.description === undefined ? {} : { description: changes.description }),
      });
    }
    if (changes.schema !== undefined) {
      const current = (await store.schemas.get(id))!;
      return this.saveSchema(principal, { id, name: current.name, schema: changes.schema });
    }
    return this.getSchema(principal, id);
  }

  async deleteSchema(principal: Principal, id: string): Promise<void> {
    await this.authorize(principal, 'schemas:write');
    if (!(await this.options.store.schemas.remove(id))) throw notFound('schema', id);
  }

  async listDocuments(
    principal: Principal,
    kind: 'templates' | 'presets',
    query: { q?: string; limit?: number; offset?: number },
  ): Promise<JsonValue> {
    await this.authorize(principal, 'templates:read');
    const page = await this.options.store[kind].list({
      ...(query.q ? { nameContains: query.q } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      ...(query.offset !== undefined ? { offset: query.offset } : {}),
    });
    return JSON.parse(JSON.stringify(page)) as JsonValue;
  }

  async getDocument(principal: Principal, kind: 'templates' | 'presets', id: string): Promise<JsonValue> {
    await this.authorize(principal, 'templates:read');
    const found = await this.options.store[kind].get(id);
    if (found === undefined) throw notFound(kind.slice(0, -1), id);
    return JSON.parse(JSON.stringify(found)) as JsonValue;
  }

  private checkDocument(kind: 'templates' | 'presets', content: Record<string, JsonValue> | undefined): void {
    if (content === undefined || kind !== 'templates') return;
    if (content.schema === undefined)
      throw new SdgError('SDG_ERR_BAD_REQUEST', 'a template needs a schema', {
        pointer: '/content/schema',
        hint: 'content: {"schema": {…}, "rowCount": 1000}',
      });
    assertLintCleanAt(lintSchema(content.schema as JsonSchema), '/content/schema', "the template's schema");
  }

  async createDocument(
    principal: Principal,
    kind: 'templates' | 'presets',
    body: { name: string; description?: string; content: Record<string, JsonValue> },
  ): Promise<JsonValue> {
    await this.authorize(principal, 'templates:write');
    this.checkDocument(kind, body.content);
    const created = await this.options.store[kind].create({
      name: body.name,
      ...(body.description === undefined ? {} : { description: body.description }),
      content: body.content,
      createdBy: principal.id,
    });
    return JSON.parse(JSON.stringify(created)) as JsonValue;
  }

  async updateDocument(
    principal: Principal,
    kind: 'templates' | 'presets',
    id: string,
    body: { name?: string; description?: string; content?: Record<string, JsonValue> },
  ): Promise<JsonValue> {
    await this.authorize(principal, 'templates:write');
    this.checkDocument(kind, body.content);
    const updated = await this.options.store[kind].update(id, {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.description === undefined ? {} : { description: body.description }),
      ...(body.content === undefined ? {} : { content: body.content }),
    });
    if (updated === undefined) throw notFound(kind.slice(0, -1), id);
    return JSON.parse(JSON.stringify(updated)) as JsonValue;
  }

  async deleteDocument(principal: Principal, kind: 'templates' | 'presets', id: string): Promise<void> {
    await this.authorize(principal, 'templates:write');
    if (!(await this.options.store[kind].remove(id))) throw notFound(kind.slice(0, -1), id);
  }

  // ── API keys ────────────────────────────────────────────────────────────────────────────────────────

  async listKeys(principal: Principal): Promise<ApiKey[]> {
    await this.authorize(principal, 'keys:manage');
    return listKeys(this.options.store, { includeRevoked: true });
  }

  async createKey(principal: Principal, body: { role: string; name?: string }): Promise<CreatedKey> {
    await this.authorize(principal, 'keys:manage');
    return createKey(this.options.store, {
      role: parseRole(body.role),
      ...(body.name ? { name: body.name } : {}),
      actor: { id: principal.id, role: principal.role },
    });
  }

  async revokeKey(principal: Principal, id: string): Promise<ApiKey> {
    await this.authorize(principal, 'keys:manage');
    const revoked = await revokeKey(this.options.store, id, { actor: { id: principal.id, role: principal.role } });
    if (revoked === undefined) throw notFound('active API key', id);
    return revoked;
  }

  // ── audit ───────────────────────────────────────────────────────────────────────────────────────────

  private auditQuery(query: {
    type?: string;
    runId?: string;
    user?: string;
    from?: string;
    to?: string;
    limit?: number;
    cursor?: string;
    order?: 'asc' | 'desc';
  }): AuditListQuery {
    const types = query.type?.split(',').map((t) => t.trim());
    const bad = types?.find((t) => !isAuditEventType(t));
    if (bad !== undefined)
      throw new SdgError('SDG_ERR_BAD_REQUEST', `unknown audit event type ${JSON.stringify(bad)}`, { pointer: '/querystring/type' });
    return {
      ...(types ? { types: types as AuditEventType[] } : {}),
      ...(query.runId ? { runId: query.runId } : {}),
      ...(query.user ? { user: query.user } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
      order: query.order ?? 'desc',
    };
  }

  async listAudit(principal: Principal, query: Parameters<SynthService['auditQuery']>[0]): Promise<JsonValue> {
    await this.authorize(principal, 'audit:read');
    return JSON.parse(JSON.stringify(await listAudit(this.options.store, this.auditQuery(query)))) as JsonValue;
  }

  async exportAudit(principal: Principal, query: Parameters<SynthService['auditQuery']>[0]): Promise<string> {
    await this.authorize(principal, 'audit:read');
    const { limit: _limit, cursor: _cursor, ...filters } = this.auditQuery({ ...query, order: 'asc' });
    let text = '';
    for await (const line of auditJsonl(this.options.store, filters)) text += line;
    await this.options.audit({ type: 'ExportTriggered', principal, payload: { format: 'jsonl', artifact: 'audit' } });
    return text;
  }

  async verifyAudit(principal: Principal): Promise<AuditVerification> {
    await this.authorize(principal, 'audit:verify');
    return verifyAudit(this.options.store);
  }
}
