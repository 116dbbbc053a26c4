/**
 * The library: versioned schemas (search, versions, a diff between any two, add a version, set as the
 * default, delete), templates (a schema with its row count and format) and presets (run options). Writing
 * is for the roles that may (schemas:write, templates:write, settings:write for the default); the others see
 * the same library read-only.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, query } from '../api/client';
import {
  FORMATS,
  type NamedDocument,
  type Page,
  type SchemaDetail,
  type SchemaRecord,
  type SchemaVersion,
  type Settings,
} from '../api/types';
import { Link, navigate, useLocation } from '../app/router';
import { useSession } from '../app/session';
import { SchemaEditor, type LintOutcome } from '../components/SchemaEditor';
import { Badge, Dialog, EmptyState, ErrorNotice, RoleNote, Spinner, TableScroll, Tabs, Labeled } from '../components/ui';
import { diffLines, type DiffLine } from '../lib/diff';
import { formatDate, shortHash } from '../lib/format';
import { useDebounced, useLoad } from '../lib/hooks';

const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function ConfirmDialog({
  open,
  title,
  message,
  confirm,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  message: string;
  confirm: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}): ReactNode {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <p>{message}</p>
      <ErrorNotice error={error} />
      <div className="button-row">
        <button
          type="button"
          className="button-danger"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            onConfirm()
              .then(onClose, setError)
              .finally(() => setBusy(false));
          }}
        >
          {confirm}
        </button>
        <button type="button" className="button-secondary" onClick={onClose} autoFocus>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

function useDefaultSchemaId(): [string | null, (id: string | null) => void] {
  const { me, can } = useSession();
  const [value, setValue] = useState<string | null>(me.defaults?.defaultSchemaId ?? null);
  useEffect(() => {
    if (!can('settings:read')) return;
    api.get<Settings>('/api/settings').then(
      (s) => setValue(s.defaultSchemaId),
      () => undefined,
    );
  }, [can]);
  return [value, setValue];
}

function SchemaList(): ReactNode {
  const { can } = useSession();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const path = `/api/schemas${query({ q, limit: 200 })}`;
  const list = useLoad(path, (signal) => api.get<Page<SchemaRecord>>(path, { signal }));
  const [defaultId] = useDefaultSchemaId();
  return (
    <div className="stack">
      <div className="toolbar">
        <label className="inline-field grow">
          <span>Search</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Name contains…" name="q" />
        </label>
        {can('schemas:write') ? (
          <Link to="/generate" className="button-secondary">
            New schema in the editor
          </Link>
        ) : null}
      </div>
      <ErrorNotice error={list.error} title="Could not load schemas" />
      {list.data && list.data.items.length === 0 ? (
        <EmptyState>{q ? 'No schema matches.' : 'The library is empty. Save a schema from Generate.'}</EmptyState>
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <TableScroll label="Schemas">
          <table className="table" data-testid="schemas-table">
            <caption className="sr-only">Schemas in the library</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Latest
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((schema) => (
                <tr key={schema.id}>
                  <td>
                    <Link to={`/library/schemas/${schema.id}`}>{schema.name}</Link>{' '}
                    {schema.id === defaultId ? <Badge tone="info">default</Badge> : null}
                  </td>
                  <td className="wrap">{schema.description ?? <span className="muted">—</span>}</td>
                  <td className="num">v{schema.latestVersion}</td>
                  <td className="nowrap">{formatDate(schema.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {list.loading && !list.data ? <Spinner label="Loading schemas…" /> : null}
    </div>
  );
}

type DiffRow = DiffLine | { readonly kind: 'gap'; readonly count: number };

/** Changed lines with `context` unchanged lines around them; longer unchanged stretches fold into a gap. */
function withContext(lines: readonly DiffLine[], context: number): DiffRow[] {
  const near = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) near[k] = true;
  });
  const rows: DiffRow[] = [];
  let hidden = 0;
  lines.forEach((line, index) => {
    if (near[index]) {
      if (hidden > 0) rows.push({ kind: 'gap', count: hidden });
      hidden = 0;
      rows.push(line);
    } else hidden++;
  });
  if (hidden > 0) rows.push({ kind: 'gap', count: hidden });
  return rows;
}

function DiffView({ id, versions }: { id: string; versions: readonly number[] }): ReactNode {
  const latest = versions[versions.length - 1] ?? 1;
  const [from, setFrom] = useState(versions.length > 1 ? versions[versions.length - 2]! : latest);
  const [to, setTo] = useState(latest);
  const key = `${id}:${from}:${to}`;
  const texts = useLoad(key, async (signal) => {
    const [a, b] = await Promise.all(
      [from, to].map((v) => api.get<SchemaVersion>(`/api/schemas/${encodeURIComponent(id)}/versions/${v}`, { signal })),
    );
    return diffLines(pretty(a!.content), pretty(b!.content));
  });
  const [everything, setEverything] = useState(false);
  const lines = texts.data ?? [];
  const added = lines.filter((l) => l.kind === 'added').length;
  const removed = lines.filter((l) => l.kind === 'removed').length;
  const rows = everything ? lines : withContext(lines, 3);
  return (
    <section className="card" aria-labelledby="diff-heading">
      <h2 id="diff-heading">Compare versions</h2>
      <div className="toolbar">
        <Labeled className="inline-field" label="From">
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))} data-testid="diff-from">
            {versions.map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </select>
        </Labeled>
        <Labeled className="inline-field" label="To">
          <select value={to} onChange={(e) => setTo(Number(e.target.value))} data-testid="diff-to">
            {versions.map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </select>
        </Labeled>
        <label className="check small">
          <input type="checkbox" checked={everything} onChange={(e) => setEverything(e.target.checked)} /> Show unchanged lines
        </label>
        <p className="muted small" aria-live="polite" data-testid="diff-summary">
          {texts.data
            ? added + removed === 0
              ? 'No differences.'
              : `${added} line${added === 1 ? '' : 's'} added, ${removed} removed.`
            : ''}
        </p>
      </div>
      <ErrorNotice error={texts.error} title="Could not compare" />
      {texts.data && added + removed > 0 ? (
        <TableScroll label={`Differences between v${from} and v${to}`}>
          <table className="diff" data-testid="diff">
            <caption className="sr-only">
              Line differences from version {from} to version {to}
            </caption>
            <thead className="sr-only">
              <tr>
                <th scope="col">Line in v{from}</th>
                <th scope="col">Line in v{to}</th>
                <th scope="col">Change</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((line, index) =>
                line.kind === 'gap' ? (
                  <tr key={index} className="diff-gap">
                    <td colSpan={4}>
                      ⋯ {line.count} unchanged line{line.count === 1 ? '' : 's'}
                    </td>
                  </tr>
                ) : (
                  <tr key={index} className={`diff-${line.kind}`}>
                    <td className="diff-num">{line.oldLine ?? ''}</td>
                    <td className="diff-num">{line.newLine ?? ''}</td>
                    <td className="diff-mark">
                      <span aria-hidden="true">{line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' '}</span>
                      <span className="sr-only">{line.kind === 'same' ? 'unchanged' : line.kind}</span>
                    </td>
                    <td className="diff-text">
                      <code>{line.text}</code>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}

function AddVersionDialog({
  open,
  onClose,
  schema,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  schema: SchemaDetail;
  onSaved: (message: string) => void;
}): ReactNode {
  const [text, setText] = useState(() => pretty(schema.content));
  const [revision, setRevision] = useState(0);
  const [lint, setLint] = useState<LintOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (open) {
      setText(pretty(schema.content));
      setRevision((r) => r + 1);
      setError(null);
    }
  }, [open, schema]);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const saved = await api.put<{ created?: boolean; version?: { version: number } }>(`/api/schemas/${encodeURIComponent(schema.id)}`, {
        schema: JSON.parse(text) as unknown,
      });
      onSaved(
        saved.created === false ? 'No change: the content equals the latest version.' : `Saved version ${saved.version?.version ?? ''}.`,
      );
    } catch (failure) {
      setError(failure);
    }
  };
  const errors = lint?.syntaxError !== undefined || (lint?.result?.issues.some((i) => i.severity === 'error') ?? false);
  return (
    <Dialog open={open} onClose={onClose} title={`New version of “${schema.name}”`} wide>
      <form onSubmit={(e) => void save(e)} className="stack">
        {open ? (
          <SchemaEditor value={text} revision={revision} onChange={setText} onLint={setLint} label={`Schema ${schema.name}, new version`} />
        ) : null}
        <p className="small" aria-live="polite">
          {lint === null ? 'Checking…' : errors ? 'Fix the errors marked in the editor to save.' : 'The schema lints clean.'}
        </p>
        <ErrorNotice error={error} title="Not saved" />
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={errors || lint === null}>
            Save version
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function SchemaDetailView({ id }: { id: string }): ReactNode {
  const { can } = useSession();
  const detail = useLoad(`schema:${id}`, (signal) => api.get<SchemaDetail>(`/api/schemas/${encodeURIComponent(id)}`, { signal }));
  const [defaultId, setDefaultId] = useDefaultSchemaId();
  const [viewing, setViewing] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const schema = detail.data;
  const shownVersion = viewing ?? schema?.latestVersion ?? 1;
  const version = useLoad(`schema:${id}:v${shownVersion}:${detail.data?.latestVersion ?? 0}`, (signal) =>
    api.get<SchemaVersion>(`/api/schemas/${encodeURIComponent(id)}/versions/${shownVersion}`, { signal }),
  );
  if (detail.error && !schema) return <ErrorNotice error={detail.error} title="Could not load the schema" />;
  if (!schema) return <Spinner label="Loading the schema…" />;
  const versions = [...schema.versions].sort((a, b) => a.version - b.version);
  const isDefault = defaultId === schema.id;

  const setAsDefault = async (): Promise<void> => {
    setError(null);
    try {
      const settings = await api.put<Settings>('/api/settings', { defaultSchemaId: isDefault ? null : schema.id });
      setDefaultId(settings.defaultSchemaId);
      setMessage(
        settings.defaultSchemaId === schema.id
          ? `“${schema.name}” is now the default schema: Generate opens with it.`
          : 'The default schema was cleared.',
      );
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/library">Schemas</Link> <span aria-hidden="true">›</span> <span aria-current="page">{schema.name}</span>
      </nav>
      <div className="page-head">
        <h2 className="h1-like">
          {schema.name} {isDefault ? <Badge tone="info">default</Badge> : null}
        </h2>
        <div className="button-row">
          <Link to={`/generate?schema=${encodeURIComponent(schema.id)}`} className="button-primary">
            Open in Generate
          </Link>
          {can('schemas:write') ? (
            <button type="button" className="button-secondary" onClick={() => setAdding(true)}>
              Add a version…
            </button>
          ) : null}
          {can('settings:write') ? (
            <button type="button" className="button-secondary" onClick={() => void setAsDefault()} aria-pressed={isDefault}>
              {isDefault ? 'Unset default' : 'Set as default'}
            </button>
          ) : null}
          {can('schemas:write') ? (
            <button type="button" className="button-danger" onClick={() => setDeleting(true)}>
              Delete…
            </button>
          ) : null}
        </div>
      </div>
      {schema.description ? <p>{schema.description}</p> : null}
      {!can('schemas:write') ? <RoleNote>Your role may read the library but not change it.</RoleNote> : null}
      {message ? (
        <p className="notice notice-ok" role="status">
          {message}
        </p>
      ) : null}
      <ErrorNotice error={error} title="Not done" />
      <div className="two-col">
        <section className="card" aria-labelledby="versions-heading">
          <h2 id="versions-heading">Versions</h2>
          <TableScroll label="Versions">
            <table className="table table-compact" data-testid="versions-table">
              <caption className="sr-only">Versions of {schema.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Fingerprint</th>
                  <th scope="col">Saved</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...versions].reverse().map((v) => (
                  <tr key={v.version} aria-current={v.version === shownVersion ? 'true' : undefined}>
                    <td>v{v.version}</td>
                    <td className="mono small" title={v.fingerprint}>
                      {shortHash(v.fingerprint)}
                    </td>
                    <td className="nowrap small">{formatDate(v.createdAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setViewing(v.version)}
                        aria-pressed={v.version === shownVersion}
                      >
                        View<span className="sr-only"> version {v.version}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
        <section className="card" aria-labelledby="content-heading">
          <h2 id="content-heading">Content of v{shownVersion}</h2>
          {version.data ? (
            <SchemaEditor
              value={pretty(version.data.content)}
              revision={version.data.version * 1000 + schema.latestVersion}
              readOnly
              label={`Schema ${schema.name} version ${shownVersion}`}
            />
          ) : (
            <Spinner label="Loading…" />
          )}
        </section>
      </div>
      {versions.length > 1 ? (
        <DiffView id={schema.id} versions={versions.map((v) => v.version)} />
      ) : (
        <p className="muted">Save another version to compare versions.</p>
      )}
      <AddVersionDialog
        open={adding}
        onClose={() => setAdding(false)}
        schema={schema}
        onSaved={(text) => {
          setAdding(false);
          setMessage(text);
          setViewing(null);
          detail.reload();
        }}
      />
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete “${schema.name}”?`}
        message="The schema and all its versions are deleted. Runs made from it keep their fingerprint and data."
        confirm="Delete schema"
        onConfirm={async () => {
          await api.delete(`/api/schemas/${encodeURIComponent(schema.id)}`);
          navigate('/library');
        }}
      />
    </div>
  );
}

type DocKind = 'templates' | 'presets';

function DocumentDialog({
  kind,
  open,
  onClose,
  existing,
  onSaved,
}: {
  kind: DocKind;
  open: boolean;
  onClose: () => void;
  existing: NamedDocument | null;
  onSaved: () => void;
}): ReactNode {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [schemaText, setSchemaText] = useState('{\n  "type": "object",\n  "properties": {}\n}\n');
  const [revision, setRevision] = useState(0);
  const [rowCount, setRowCount] = useState('');
  const [format, setFormat] = useState('');
  const [seed, setSeed] = useState('');
  const [optionsText, setOptionsText] = useState('');
  const [lint, setLint] = useState<LintOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!open) return;
    const content = existing?.content ?? {};
    setName(existing?.name ?? '');
    setDescription(existing?.description ?? '');
    if (kind === 'templates') {
      setSchemaText(pretty(content.schema ?? { type: 'object', properties: {} }));
      setRevision((r) => r + 1);
    }
    setRowCount(typeof content.rowCount === 'number' ? String(content.rowCount) : '');
    setFormat(typeof content.format === 'string' ? content.format : '');
    setSeed(content.seed === undefined ? '' : String(content.seed));
    setOptionsText(content.options === undefined ? '' : pretty(content.options));
    setError(null);
  }, [open, existing, kind]);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const content: Record<string, unknown> = {};
      if (kind === 'templates') content.schema = JSON.parse(schemaText) as unknown;
      if (rowCount.trim() !== '') content.rowCount = Number(rowCount);
      if (format) content.format = format;
      if (seed.trim() !== '') content.seed = /^-?\d+$/.test(seed.trim()) ? Number(seed.trim()) : seed.trim();
      if (optionsText.trim() !== '') content.options = JSON.parse(optionsText) as unknown;
      const body = { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), content };
      if (existing) await api.put(`/api/${kind}/${encodeURIComponent(existing.id)}`, body);
      else await api.post(`/api/${kind}`, body);
      onSaved();
    } catch (failure) {
      setError(failure instanceof SyntaxError ? new Error(`Options are not valid JSON: ${failure.message}`) : failure);
    }
  };
  const noun = kind === 'templates' ? 'template' : 'preset';
  const schemaErrors =
    kind === 'templates' && (lint?.syntaxError !== undefined || (lint?.result?.issues.some((i) => i.severity === 'error') ?? false));
  return (
    <Dialog open={open} onClose={onClose} title={existing ? `Edit ${noun} “${existing.name}”` : `New ${noun}`} wide={kind === 'templates'}>
      <form onSubmit={(e) => void save(e)} className="stack">
        <div className="form-grid">
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </label>
          <label className="field">
            <span>Description (optional)</span>
            <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
          </label>
          <label className="field">
            <span>Row count (optional)</span>
            <input type="number" min={0} value={rowCount} onChange={(e) => setRowCount(e.target.value)} />
          </label>
          <Labeled className="field" label="Format (optional)">
            <select value={format} onChange={(e) => setFormat(e.target.value)}>
              <option value="">Default</option>
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
          </Labeled>
          <label className="field">
            <span>Seed (optional)</span>
            <input value={seed} onChange={(e) => setSeed(e.target.value)} />
          </label>
        </div>
        {kind === 'templates' && open ? (
          <div className="field">
            <span id="template-schema-label">Schema</span>
            <SchemaEditor value={schemaText} revision={revision} onChange={setSchemaText} onLint={setLint} label="Template schema" />
            {schemaErrors ? <p className="small">Fix the errors marked in the editor.</p> : null}
          </div>
        ) : null}
        <label className="field">
          <span>Options (optional JSON: visualizations, thresholds, pii)</span>
          <textarea
            rows={4}
            value={optionsText}
            onChange={(e) => setOptionsText(e.target.value)}
            className="mono"
            placeholder='{"thresholds": {"quality": {"pass": 0.9}}}'
            spellCheck={false}
          />
        </label>
        <ErrorNotice error={error} title="Not saved" />
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={name.trim() === '' || schemaErrors}>
            Save {noun}
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DocumentsTab({ kind }: { kind: DocKind }): ReactNode {
  const { can } = useSession();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const path = `/api/${kind}${query({ q, limit: 200 })}`;
  const list = useLoad(path, (signal) => api.get<Page<NamedDocument>>(path, { signal }));
  const [editing, setEditing] = useState<NamedDocument | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<NamedDocument | null>(null);
  const writable = can('templates:write');
  const noun = kind === 'templates' ? 'template' : 'preset';
  return (
    <div className="stack">
      <div className="toolbar">
        <label className="inline-field grow">
          <span>Search</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Name contains…" />
        </label>
        {writable ? (
          <button type="button" className="button-primary" onClick={() => setCreating(true)}>
            New {noun}…
          </button>
        ) : null}
      </div>
      {!writable ? <RoleNote>Your role may use {kind} but not change them.</RoleNote> : null}
      <p className="muted small">
        {kind === 'templates'
          ? 'A template is a schema with its usual row count, format and options: a starting point in Generate.'
          : 'A preset is a set of run options (row count, format, seed, thresholds, charts) to apply to any schema.'}
      </p>
      <ErrorNotice error={list.error} title={`Could not load ${kind}`} />
      {list.data && list.data.items.length === 0 ? <EmptyState>No {kind} yet.</EmptyState> : null}
      {list.data && list.data.items.length > 0 ? (
        <TableScroll label={kind}>
          <table className="table" data-testid={`${kind}-table`}>
            <caption className="sr-only">{kind}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Settings</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((doc) => (
                <tr key={doc.id}>
                  <td>{doc.name}</td>
                  <td className="wrap">{doc.description ?? <span className="muted">—</span>}</td>
                  <td className="small">
                    {[
                      typeof doc.content.rowCount === 'number' ? `${doc.content.rowCount.toLocaleString('en-US')} rows` : null,
                      typeof doc.content.format === 'string' ? doc.content.format : null,
                      doc.content.seed !== undefined ? `seed ${String(doc.content.seed)}` : null,
                    ]
                      .filter(Boolean)
                      .join(' · ') || '—'}
                  </td>
                  <td className="nowrap small">{formatDate(doc.updatedAt)}</td>
                  <td>
                    <div className="button-row nowrap">
                      <Link
                        to={`/generate?${kind === 'templates' ? 'template' : 'preset'}=${encodeURIComponent(doc.id)}`}
                        className="button-secondary button-small"
                      >
                        Use<span className="sr-only"> {doc.name}</span>
                      </Link>
                      {writable ? (
                        <>
                          <button type="button" className="button-secondary button-small" onClick={() => setEditing(doc)}>
                            Edit<span className="sr-only"> {doc.name}</span>
                          </button>
                          <button type="button" className="button-danger button-small" onClick={() => setDeleting(doc)}>
                            Delete<span className="sr-only"> {doc.name}</span>
                          </button>
                        </>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      <DocumentDialog
        kind={kind}
        open={creating || editing !== null}
        existing={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
        onSaved={() => {
          setCreating(false);
          setEditing(null);
          list.reload();
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${noun} “${deleting?.name ?? ''}”?`}
        message={`The ${noun} is deleted. Runs made with it keep their data.`}
        confirm={`Delete ${noun}`}
        onConfirm={async () => {
          await api.delete(`/api/${kind}/${encodeURIComponent(deleting!.id)}`);
          list.reload();
        }}
      />
    </div>
  );
}

const TABS = [
  { id: 'schemas', label: 'Schemas' },
  { id: 'templates', label: 'Templates' },
  { id: 'presets', label: 'Presets' },
] as const;

export default function LibraryPage(): ReactNode {
  const { path } = useLocation();
  const detail = /^\/library\/schemas\/([^/]+)$/.exec(path);
  const tab = path.startsWith('/library/templates') ? 'templates' : path.startsWith('/library/presets') ? 'presets' : 'schemas';
  return (
    <div className="page">
      <div className="page-head">
        <h1>Library</h1>
      </div>
      <Tabs
        tabs={TABS}
        selected={tab}
        onSelect={(id) => navigate(id === 'schemas' ? '/library' : `/library/${id}`)}
        label="Library sections"
      />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'schemas' ? (
          detail ? (
            <SchemaDetailView id={decodeURIComponent(detail[1]!)} />
          ) : (
            <SchemaList />
          )
        ) : (
          <DocumentsTab kind={tab} />
        )}
      </div>
    </div>
  );
}
