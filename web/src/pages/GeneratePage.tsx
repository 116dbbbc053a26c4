/**
 * Generate: the seed's core flow on one page. (1) A schema — typed, pasted, uploaded, taken from a template,
 * a library schema or inferred from an uploaded sample — checked as it is typed by the server's linter, with
 * a live preview of its first rows; (2) row count, seed and format, or a preset; (3) Run, with progress for
 * background runs, and the result: evaluation, PII verdict, charts and downloads.
 *
 * When the editor still holds a template's or library schema's text unchanged, the run names that template
 * or schema (so history can be filtered by it); once edited, the schema is sent inline.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, request } from '../api/client';
import {
  FORMATS,
  type Format,
  type NamedDocument,
  type Page,
  type Run,
  type SchemaDetail,
  type SchemaRecord,
  type SchemaVersion,
} from '../api/types';
import { Link, navigate, useLocation } from '../app/router';
import { useSession } from '../app/session';
import { RunOutcome } from '../components/RunResult';
import { RunProgress } from '../components/RunProgress';
import { SchemaEditor, type LintOutcome, type SchemaEditorHandle } from '../components/SchemaEditor';
import { Badge, Dialog, ErrorNotice, RoleNote, Spinner, TableScroll, Labeled } from '../components/ui';
import { startTour } from '../components/Onboarding';
import { useDebounced } from '../lib/hooks';

const STARTER = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Customer",
  "type": "object",
  "required": ["id", "name", "email", "age", "plan", "signed_up"],
  "properties": {
    "id": { "type": "integer", "minimum": 1, "maximum": 1000000, "x-unique": true },
    "name": { "type": "string", "x-faker": "person.fullName" },
    "email": { "type": "string", "format": "email" },
    "age": { "type": "integer", "minimum": 18, "maximum": 90, "x-distribution": { "type": "normal", "mean": 41, "sd": 12 } },
    "plan": { "enum": ["free", "pro", "team"], "x-weights": [70, 25, 5] },
    "signed_up": { "type": "string", "format": "date" }
  }
}
`;

const DRAFT_STORAGE = 'sdg.draft';

type Source =
  | { readonly kind: 'inline' }
  | { readonly kind: 'template'; readonly id: string; readonly name: string; readonly text: string }
  | { readonly kind: 'schema'; readonly id: string; readonly version: number; readonly name: string; readonly text: string }
  | { readonly kind: 'sample'; readonly name: string; readonly sampleText: string; readonly text: string };

interface Draft {
  readonly text: string;
  readonly source: Source;
  readonly rowCount: string;
  readonly seed: string;
  readonly format: Format;
}

interface PresetOptions {
  readonly name: string;
  readonly options?: Record<string, unknown>;
}

const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function loadDraft(): Draft | null {
  try {
    const raw = sessionStorage.getItem(DRAFT_STORAGE);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

function seedValue(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d{1,15}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function cell(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function PreviewTable({ rows }: { rows: readonly unknown[] }): ReactNode {
  const objects = rows.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r));
  const columns = objects ? [...new Set(rows.flatMap((r) => Object.keys(r as object)))] : ['value'];
  return (
    <TableScroll label="Preview rows">
      <table className="table table-compact" data-testid="preview-table">
        <caption className="sr-only">First {rows.length} rows the schema generates</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td className="num muted">{index + 1}</td>
              {columns.map((c) => (
                <td key={c} className="cell-value">
                  {cell(objects ? (row as Record<string, unknown>)[c] : row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function LintStatus({ outcome, onJump }: { outcome: LintOutcome | null; onJump: (line: number) => void }): ReactNode {
  if (outcome === null) return <p className="lint-status muted">Checking…</p>;
  if (outcome.syntaxError) {
    return (
      <div className="lint-status" data-testid="lint-status">
        <p>
          <Badge tone="bad">JSON error</Badge>{' '}
          <button type="button" className="link-button" onClick={() => onJump(outcome.syntaxError!.line)}>
            line {outcome.syntaxError.line}
          </button>
          : {outcome.syntaxError.message}
        </p>
      </div>
    );
  }
  if (outcome.failure) return <p className="lint-status">Could not lint: {outcome.failure}</p>;
  const issues = outcome.result?.issues ?? [];
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return (
    <div className="lint-status" data-testid="lint-status">
      <p>
        {errors === 0 ? <Badge tone="ok">Valid schema</Badge> : <Badge tone="bad">{errors === 1 ? '1 error' : `${errors} errors`}</Badge>}{' '}
        {warnings > 0 ? <Badge tone="warn">{warnings === 1 ? '1 warning' : `${warnings} warnings`}</Badge> : null}{' '}
        {outcome.result?.draft ? <span className="muted small">JSON Schema {outcome.result.draft}</span> : null}
      </p>
      {issues.length > 0 ? (
        <ul className="issue-list" aria-label="Schema issues">
          {issues.map((issue, index) => (
            <li key={`${issue.code}-${issue.pointer}-${index}`} className={`issue issue-${issue.severity}`}>
              <button type="button" className="link-button" onClick={() => onJump(outcome.lines?.[index] ?? 1)}>
                Line {outcome.lines?.[index] ?? '?'}
              </button>{' '}
              <span className="issue-severity">{issue.severity}</span>: {issue.message}
              {issue.pointer ? (
                <>
                  {' '}
                  <code className="small">{issue.pointer}</code>
                </>
              ) : null}
              {issue.hint ? <span className="hint"> Fix: {issue.hint}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export default function GeneratePage(): ReactNode {
  const { me, can } = useSession();
  const location = useLocation();
  const canRun = can('pipeline:run');
  const canSave = can('schemas:write');
  const stored = useMemo(loadDraft, []);
  const [text, setText] = useState(stored?.text ?? STARTER);
  const [revision, setRevision] = useState(0);
  const [source, setSource] = useState<Source>(stored?.source ?? { kind: 'inline' });
  const [rowCount, setRowCount] = useState(stored?.rowCount ?? String(me.defaults?.defaultRowCount ?? 1000));
  const [seed, setSeed] = useState(stored?.seed ?? '42');
  const [format, setFormat] = useState<Format>(stored?.format ?? me.defaults?.defaultFormat ?? 'jsonl');
  const [charts, setCharts] = useState(true);
  const [preset, setPreset] = useState<PresetOptions | null>(null);
  const [lint, setLint] = useState<LintOutcome | null>(null);
  const [preview, setPreview] = useState<{ rows?: readonly unknown[]; error?: unknown; loading: boolean }>({ loading: false });
  const [templates, setTemplates] = useState<readonly NamedDocument[]>([]);
  const [presets, setPresets] = useState<readonly NamedDocument[]>([]);
  const [schemas, setSchemas] = useState<readonly SchemaRecord[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const [pending, setPending] = useState<{ runId: string; eventsUrl: string } | null>(null);
  const [advice, setAdvice] = useState<string | null>(null);
  const [result, setResult] = useState<Run | null>(null);
  const [saveOpen, setSaveOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const editor = useRef<SchemaEditorHandle>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const statusId = useId();

  const replaceText = useCallback((next: string, nextSource: Source) => {
    setText(next);
    setSource(nextSource);
    setRevision((r) => r + 1);
    setLint(null);
  }, []);

  useEffect(() => {
    const draft: Draft = { text, source, rowCount, seed, format };
    sessionStorage.setItem(DRAFT_STORAGE, JSON.stringify(draft));
  }, [text, source, rowCount, seed, format]);

  // The choices for "Start from": templates, presets and library schemas.
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([
      api.get<Page<NamedDocument>>('/api/templates?limit=200', { signal }),
      api.get<Page<NamedDocument>>('/api/presets?limit=200', { signal }),
      api.get<Page<SchemaRecord>>('/api/schemas?limit=500', { signal }),
    ]).then(
      ([t, p, s]) => {
        setTemplates(t.items);
        setPresets(p.items);
        setSchemas(s.items);
      },
      (error: unknown) => {
        if (!signal.aborted) setLoadError(error);
      },
    );
    return () => controller.abort();
  }, []);

  const applyTemplate = useCallback(
    (template: NamedDocument) => {
      const content = template.content;
      const next = pretty(content.schema ?? {});
      replaceText(next, { kind: 'template', id: template.id, name: template.name, text: next });
      if (typeof content.rowCount === 'number') setRowCount(String(content.rowCount));
      if (typeof content.format === 'string' && (FORMATS as readonly string[]).includes(content.format))
        setFormat(content.format as Format);
      if (typeof content.seed === 'number' || typeof content.seed === 'string') setSeed(String(content.seed));
      setNotice(`Loaded template “${template.name}”.`);
    },
    [replaceText],
  );

  const applyPreset = useCallback((doc: NamedDocument) => {
    const content = doc.content;
    if (typeof content.rowCount === 'number') setRowCount(String(content.rowCount));
    if (typeof content.format === 'string' && (FORMATS as readonly string[]).includes(content.format)) setFormat(content.format as Format);
    if (typeof content.seed === 'number' || typeof content.seed === 'string') setSeed(String(content.seed));
    setPreset({
      name: doc.name,
      ...(typeof content.options === 'object' && content.options !== null ? { options: content.options as Record<string, unknown> } : {}),
    });
    setNotice(`Applied preset “${doc.name}”.`);
  }, []);

  const loadSchema = useCallback(
    async (id: string, version?: number) => {
      const found =
        version === undefined
          ? await api.get<SchemaDetail>(`/api/schemas/${encodeURIComponent(id)}`)
          : { ...(await api.get<SchemaVersion>(`/api/schemas/${encodeURIComponent(id)}/versions/${version}`)), name: '' };
      const name = 'name' in found && found.name ? found.name : (schemas.find((s) => s.id === id)?.name ?? id);
      const resolvedVersion = version ?? (found as SchemaDetail).latestVersion;
      const next = pretty(found.content);
      replaceText(next, { kind: 'schema', id, version: resolvedVersion, name, text: next });
      setNotice(`Loaded “${name}” version ${resolvedVersion} from the library.`);
    },
    [replaceText, schemas],
  );

  // Links from the library and history: ?template=…, ?preset=…, ?schema=…&version=…; else the default schema once.
  const searchKey = location.search.toString();
  const firstVisit = useRef(true);
  useEffect(() => {
    // The default schema only on arriving with nothing else asked for (not after a link's params are consumed).
    const arriving = firstVisit.current;
    firstVisit.current = false;
    const params = new URLSearchParams(searchKey);
    const template = params.get('template');
    const presetId = params.get('preset');
    const schemaId = params.get('schema');
    const version = params.get('version');
    const apply = async (): Promise<void> => {
      if (template) applyTemplate(await api.get<NamedDocument>(`/api/templates/${encodeURIComponent(template)}`));
      if (presetId) applyPreset(await api.get<NamedDocument>(`/api/presets/${encodeURIComponent(presetId)}`));
      if (schemaId) await loadSchema(schemaId, version ? Number(version) : undefined);
      if (arriving && !template && !presetId && !schemaId && stored === null && me.defaults?.defaultSchemaId)
        await loadSchema(me.defaults.defaultSchemaId);
    };
    if (template || presetId || schemaId) navigate('/generate', { replace: true });
    apply().catch((error: unknown) => setLoadError(error));
    // Runs once per incoming link; the loaders are stable enough for that.
  }, [searchKey]);

  // The live preview: the first 10 rows, whenever the schema lints clean (debounced while typing).
  const schemaForPreview =
    lint && !lint.syntaxError && !lint.failure && lint.result && !lint.result.issues.some((i) => i.severity === 'error')
      ? lint.schema
      : undefined;
  const previewKey = useDebounced(
    schemaForPreview === undefined ? null : JSON.stringify({ schema: schemaForPreview, seed: seedValue(seed) ?? 0 }),
    250,
  );
  useEffect(() => {
    if (previewKey === null) return;
    const controller = new AbortController();
    setPreview((p) => ({ ...p, loading: true }));
    api.post<{ rows: unknown[] }>('/api/preview', { ...(JSON.parse(previewKey) as object), count: 10 }, { signal: controller.signal }).then(
      (answer) => setPreview({ rows: answer.rows, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setPreview({ error, loading: false });
      },
    );
    return () => controller.abort();
  }, [previewKey]);

  const onStartFrom = (event: ChangeEvent<HTMLSelectElement>): void => {
    const value = event.target.value;
    event.target.value = '';
    const [kind, id] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    if (kind === 'template') {
      const template = templates.find((t) => t.id === id);
      if (template) applyTemplate(template);
    } else if (kind === 'schema') {
      loadSchema(id).catch((error: unknown) => setLoadError(error));
    } else if (kind === 'starter') {
      replaceText(STARTER, { kind: 'inline' });
      setNotice('Loaded the example schema.');
    }
  };

  const onPreset = (event: ChangeEvent<HTMLSelectElement>): void => {
    const doc = presets.find((p) => p.id === event.target.value);
    if (doc) applyPreset(doc);
    else setPreset(null);
  };

  const onUploadSchema = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const content = await file.text();
    let next = content;
    try {
      next = pretty(JSON.parse(content));
    } catch {
      // Not JSON: load it as it is, and let the editor point at the syntax error.
    }
    replaceText(next, { kind: 'inline' });
    setNotice(`Loaded ${file.name}.`);
  };

  const onUploadSample = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setLoadError(null);
    setNotice(`Learning a schema from ${file.name}…`);
    try {
      const sampleText = await file.text();
      const inferred = await api.post<{ schema: unknown }>('/api/inferSchema', { text: sampleText, name: file.name });
      const next = pretty(inferred.schema);
      replaceText(next, { kind: 'sample', name: file.name, sampleText, text: next });
      setNotice(
        `Inferred a schema (with a fitted model) from ${file.name}. Runs from it also check the output against the sample for copied values.`,
      );
    } catch (error) {
      setNotice(null);
      setLoadError(error);
    }
  };

  const sourceUnchanged = source.kind !== 'inline' && source.text === text;
  const rows = Number(rowCount);
  const rowsValid = rowCount.trim() !== '' && Number.isInteger(rows) && rows >= 0;
  const blockingLint = lint?.syntaxError !== undefined || (lint?.result?.issues.some((i) => i.severity === 'error') ?? false);

  const run = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (!canRun || running || !rowsValid) return;
    setRunning(true);
    setRunError(null);
    setResult(null);
    setPending(null);
    setAdvice(null);
    let what: Record<string, unknown>;
    if (sourceUnchanged && source.kind === 'template') what = { templateId: source.id };
    else if (sourceUnchanged && source.kind === 'schema') what = { schemaId: source.id, schemaVersion: source.version };
    else if (sourceUnchanged && source.kind === 'sample') what = { sample: { text: source.sampleText, name: source.name } };
    else {
      try {
        what = { schema: JSON.parse(text) as unknown };
      } catch (error) {
        setRunError(
          new ApiError(400, {
            code: 'SDG_ERR_BAD_REQUEST',
            message: `the schema is not valid JSON: ${(error as Error).message}`,
            hint: 'fix the JSON error the editor marks',
          }),
        );
        setRunning(false);
        return;
      }
    }
    const seedGiven = seedValue(seed);
    const options = { ...(preset?.options ?? {}), ...(charts ? {} : { visualizations: false }) };
    const body = {
      ...what,
      rowCount: rows,
      format,
      ...(seedGiven === undefined ? {} : { seed: seedGiven }),
      ...(Object.keys(options).length > 0 ? { options } : {}),
    };
    try {
      const answer = await request<Run>('POST', '/api/syntheticDataPipeline', body);
      if (answer.status === 202) {
        setPending({ runId: answer.data.runId, eventsUrl: answer.data.eventsUrl ?? `/api/runs/${answer.data.runId}/events` });
        setAdvice(answer.data.advice ?? null);
      } else {
        setResult(answer.data);
        setRunning(false);
      }
    } catch (error) {
      setRunError(error);
      setRunning(false);
    }
  };

  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  // Ctrl/⌘+Enter runs from anywhere on the page, the editor included.
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void runRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const sourceLabel =
    source.kind === 'template'
      ? `Template “${source.name}”`
      : source.kind === 'schema'
        ? `Library schema “${source.name}” v${source.version}`
        : source.kind === 'sample'
          ? `Inferred from sample ${source.name}`
          : null;

  return (
    <div className="page">
      <div className="page-head">
        <h1>Generate a dataset</h1>
        <button type="button" className="button-ghost" onClick={() => startTour()}>
          Show the tutorial
        </button>
      </div>
      {notice ? (
        <p className="notice notice-info" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorNotice error={loadError} title="Could not load" />
      <form className="generate-grid" onSubmit={(event) => void run(event)} aria-describedby={statusId}>
        <section className="card schema-card" data-tour="schema" aria-labelledby="schema-heading">
          <h2 id="schema-heading">1. Schema</h2>
          <div className="toolbar">
            <Labeled className="inline-field" label="Start from">
              <select onChange={onStartFrom} defaultValue="" data-testid="start-from">
                <option value="" disabled>
                  Choose…
                </option>
                <option value="starter:example">Example: customers</option>
                {templates.length > 0 ? (
                  <optgroup label="Templates">
                    {templates.map((t) => (
                      <option key={t.id} value={`template:${t.id}`}>
                        {t.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                {schemas.length > 0 ? (
                  <optgroup label="Schema library">
                    {schemas.map((s) => (
                      <option key={s.id} value={`schema:${s.id}`}>
                        {s.name} (v{s.latestVersion})
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            </Labeled>
            <label className="file-button">
              <input
                type="file"
                accept=".json,application/json,.schema.json"
                className="sr-only"
                onChange={(e) => void onUploadSchema(e)}
                data-testid="upload-schema"
              />
              <span aria-hidden="true">⤒ </span>Upload schema
            </label>
            <label className="file-button">
              <input
                type="file"
                accept=".csv,.json,.jsonl,.ndjson,text/csv,application/json"
                className="sr-only"
                onChange={(e) => void onUploadSample(e)}
                data-testid="upload-sample"
              />
              <span aria-hidden="true">⤒ </span>Upload sample
            </label>
          </div>
          {sourceLabel ? (
            <p className="small muted" data-testid="source-label">
              Source: {sourceLabel}
              {sourceUnchanged ? '' : ' (edited: the run will send the schema inline)'}
            </p>
          ) : null}
          <SchemaEditor
            ref={editor}
            value={text}
            revision={revision}
            label="JSON Schema editor"
            describedBy="lint-help"
            onChange={(next) => {
              setText(next);
              setLint(null);
            }}
            onLint={setLint}
          />
          <p id="lint-help" className="sr-only">
            Issues are listed below the editor. Tab leaves the editor; Ctrl+Enter runs.
          </p>
          <div aria-live="polite">
            <LintStatus outcome={lint} onJump={(line) => editor.current?.focusLine(line)} />
          </div>
          {canSave ? (
            <p>
              <button type="button" className="button-secondary" onClick={() => setSaveOpen(true)} disabled={blockingLint}>
                Save to library…
              </button>
            </p>
          ) : null}
        </section>

        <section className="card options-card" aria-labelledby="options-heading">
          <h2 id="options-heading">2. Rows and format</h2>
          {presets.length > 0 ? (
            <Labeled className="field" label="Preset">
              <select value={presets.find((p) => p.name === preset?.name)?.id ?? ''} onChange={onPreset} data-testid="preset">
                <option value="">None</option>
                {presets.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Labeled>
          ) : null}
          <label className="field" data-tour="rows">
            <span>Row count</span>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              value={rowCount}
              onChange={(e) => setRowCount(e.target.value)}
              required
              aria-invalid={!rowsValid}
              aria-describedby="rows-help"
              name="rowCount"
            />
            <span id="rows-help" className="field-help">
              Large counts run in the background with progress.
            </span>
          </label>
          <label className="field">
            <span>Seed</span>
            <input
              type="text"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              aria-describedby="seed-help"
              name="seed"
              autoComplete="off"
            />
            <span id="seed-help" className="field-help">
              Same schema + seed ⇒ the same rows.
            </span>
          </label>
          <Labeled className="field" label="Format">
            <select value={format} onChange={(e) => setFormat(e.target.value as Format)} name="format">
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
          </Labeled>
          <label className="check">
            <input type="checkbox" checked={charts} onChange={(e) => setCharts(e.target.checked)} /> Draw charts
          </label>
          <div className="run-row" data-tour="run">
            <button
              type="submit"
              className="button-primary button-large"
              disabled={!canRun || running || !rowsValid || blockingLint}
              aria-describedby={statusId}
            >
              {running ? 'Running…' : 'Run'}
            </button>
            <span className="muted small" aria-hidden="true">
              Ctrl+Enter
            </span>
          </div>
          <div id={statusId}>
            {!canRun ? <RoleNote>Your role ({me.role}) may review runs but not start them.</RoleNote> : null}
            {canRun && blockingLint ? <p className="small">Fix the schema errors to run.</p> : null}
          </div>
        </section>

        <section className="card preview-card" data-tour="preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">
            Preview <span className="muted small">first 10 rows</span> {preview.loading ? <Spinner label="updating" /> : null}
          </h2>
          {preview.error ? <ErrorNotice error={preview.error} title="No preview" /> : null}
          {preview.rows && !preview.error ? <PreviewTable rows={preview.rows} /> : null}
          {!preview.rows && !preview.error ? <p className="muted">The preview appears when the schema is valid.</p> : null}
        </section>
      </form>

      <section className="card result-card" data-tour="result" aria-labelledby="result-heading">
        <h2 id="result-heading" ref={resultHeading} tabIndex={-1}>
          3. Result
        </h2>
        <ErrorNotice error={runError} title="The run was refused" />
        {running && !pending ? <Spinner label="Generating, scanning, evaluating and drawing charts…" /> : null}
        {advice ? (
          <div className="notice notice-info" data-testid="chunk-advice">
            <p>
              <strong>{pending ? 'Running in the background.' : 'This run ran in the background.'}</strong> {advice}
            </p>
          </div>
        ) : null}
        {pending ? (
          <>
            <RunProgress
              runId={pending.runId}
              eventsUrl={pending.eventsUrl}
              onDone={(finished) => {
                setPending(null);
                setRunning(false);
                setResult(finished);
              }}
            />
          </>
        ) : null}
        {result ? (
          <div data-testid="run-result">
            <p>
              Run <Link to={`/runs/${result.runId}`}>{result.runId}</Link>{' '}
              <Badge tone={result.status === 'succeeded' ? 'ok' : 'bad'}>{result.status}</Badge>{' '}
              <span className="muted small">
                {result.rowCount.toLocaleString('en-US')} rows, {result.format}
              </span>
            </p>
            <RunOutcome run={result} />
          </div>
        ) : null}
        {!result && !running && !runError ? (
          <p className="muted">Results appear here: evaluation, PII verdict, charts and downloads. Past runs are in History.</p>
        ) : null}
      </section>

      <SaveDialog
        open={saveOpen}
        onClose={() => setSaveOpen(false)}
        text={text}
        defaultName={source.kind === 'schema' ? source.name : source.kind === 'template' ? source.name : ''}
        onSaved={(saved, message) => {
          setSaveOpen(false);
          setNotice(message);
          const next = text;
          setSource({ kind: 'schema', id: saved.id, version: saved.latestVersion, name: saved.name, text: next });
          setSchemas((list) => [saved, ...list.filter((s) => s.id !== saved.id)]);
        }}
      />
    </div>
  );
}

function SaveDialog({
  open,
  onClose,
  text,
  defaultName,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  text: string;
  defaultName: string;
  onSaved: (schema: SchemaRecord, message: string) => void;
}): ReactNode {
  const [name, setName] = useState(defaultName);
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (open) {
      setName(defaultName);
      setError(null);
    }
  }, [open, defaultName]);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const schema = JSON.parse(text) as unknown;
      const saved = await api.post<{ schema: SchemaRecord; created: boolean; version: { version: number } }>('/api/schemas', {
        name: name.trim(),
        schema,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      onSaved(
        saved.schema,
        saved.created
          ? `Saved “${saved.schema.name}” as version ${saved.version.version}.`
          : `“${saved.schema.name}” is unchanged (version ${saved.version.version}).`,
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title="Save to the schema library">
      <form onSubmit={(e) => void save(e)} className="stack">
        <p className="small muted">Saving under an existing name adds a new version when the content changed.</p>
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus />
        </label>
        <label className="field">
          <span>Description (optional)</span>
          <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
        </label>
        <ErrorNotice error={error} title="Not saved" />
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={saving || name.trim() === ''}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
