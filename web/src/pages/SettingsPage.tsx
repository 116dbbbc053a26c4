/**
 * Settings (compliance admin, admin): the defaults Generate starts from, and the PII download block — each
 * change is recorded in the audit log as SettingsChanged. API keys (admin only): create one with a role (its
 * secret is shown once, here, and never again) and revoke.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api/client';
import {
  FORMATS,
  ROLE_LABELS,
  ROLES,
  type ApiKey,
  type CreatedKey,
  type Format,
  type Page,
  type Role,
  type SchemaRecord,
  type Settings,
} from '../api/types';
import { useSession } from '../app/session';
import { Badge, Dialog, ErrorNotice, RoleNote, Spinner, TableScroll, Labeled } from '../components/ui';
import { formatDate, formatStamp } from '../lib/format';
import { useLoad } from '../lib/hooks';

function SettingsForm(): ReactNode {
  const { can } = useSession();
  const writable = can('settings:write');
  const loaded = useLoad('settings', (signal) => api.get<Settings>('/api/settings', { signal }));
  const schemas = useLoad('schemas', (signal) => api.get<Page<SchemaRecord>>('/api/schemas?limit=500', { signal }));
  const [form, setForm] = useState<{ block: boolean; rows: string; format: Format; schemaId: string; thresholds: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    const s = loaded.data;
    if (s)
      setForm({
        block: s.blockPiiDownloads,
        rows: String(s.defaultRowCount),
        format: s.defaultFormat,
        schemaId: s.defaultSchemaId ?? '',
        thresholds: s.defaultThresholds ? JSON.stringify(s.defaultThresholds, null, 2) : '',
      });
  }, [loaded.data]);
  if (loaded.error) return <ErrorNotice error={loaded.error} title="Could not load the settings" />;
  if (!form || !loaded.data) return <Spinner label="Loading settings…" />;
  const current = loaded.data;

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaved(null);
    setError(null);
    const changes: Record<string, unknown> = {};
    try {
      if (form.block !== current.blockPiiDownloads) changes.blockPiiDownloads = form.block;
      if (Number(form.rows) !== current.defaultRowCount) changes.defaultRowCount = Number(form.rows);
      if (form.format !== current.defaultFormat) changes.defaultFormat = form.format;
      if ((form.schemaId || null) !== current.defaultSchemaId) changes.defaultSchemaId = form.schemaId || null;
      const thresholds = form.thresholds.trim() === '' ? null : (JSON.parse(form.thresholds) as unknown);
      if (JSON.stringify(thresholds) !== JSON.stringify(current.defaultThresholds)) changes.defaultThresholds = thresholds;
    } catch (failure) {
      setError(new Error(`Default thresholds are not valid JSON: ${(failure as Error).message}`));
      return;
    }
    if (Object.keys(changes).length === 0) {
      setSaved('Nothing changed.');
      return;
    }
    setSaving(true);
    try {
      await api.put<Settings>('/api/settings', changes);
      setSaved(`Saved ${Object.keys(changes).join(', ')} — recorded in the audit log as SettingsChanged.`);
      loaded.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Defaults and PII policy</h2>
      {!writable ? <RoleNote>Your role may read the settings but not change them.</RoleNote> : null}
      <form onSubmit={(e) => void save(e)} className="stack">
        <fieldset className="fieldset" disabled={!writable}>
          <legend>PII downloads</legend>
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={form.block}
              onChange={(e) => setForm({ ...form, block: e.target.checked })}
              name="blockPiiDownloads"
              aria-describedby="block-help"
            />
            <span>Block downloads of datasets whose PII verdict is blocked</span>
          </label>
          <p id="block-help" className="field-help">
            {form.block
              ? 'On: a dataset with real-looking personal data cannot be downloaded; people see the findings and the remediation guide.'
              : 'Off: blocked datasets can be downloaded. Every download is still audited.'}
          </p>
        </fieldset>
        <fieldset className="fieldset form-grid" disabled={!writable}>
          <legend>Generate defaults</legend>
          <label className="field">
            <span>Default row count</span>
            <input
              type="number"
              min={1}
              value={form.rows}
              onChange={(e) => setForm({ ...form, rows: e.target.value })}
              required
              name="defaultRowCount"
            />
          </label>
          <Labeled className="field" label="Default format">
            <select value={form.format} onChange={(e) => setForm({ ...form, format: e.target.value as Format })} name="defaultFormat">
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
          </Labeled>
          <Labeled className="field" label="Default schema">
            <select value={form.schemaId} onChange={(e) => setForm({ ...form, schemaId: e.target.value })} name="defaultSchemaId">
              <option value="">None</option>
              {(schemas.data?.items ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Labeled>
          <label className="field field-wide">
            <span>Default thresholds (JSON, optional)</span>
            <textarea
              rows={3}
              className="mono"
              value={form.thresholds}
              onChange={(e) => setForm({ ...form, thresholds: e.target.value })}
              placeholder='{"quality": {"pass": 0.9, "warn": 0.75}}'
              spellCheck={false}
              name="defaultThresholds"
            />
          </label>
        </fieldset>
        {writable ? (
          <div className="button-row">
            <button type="submit" className="button-primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save settings'}
            </button>
          </div>
        ) : null}
        <div aria-live="polite">
          {saved ? (
            <p className="notice notice-ok" data-testid="settings-saved">
              {saved}
            </p>
          ) : null}
        </div>
        <ErrorNotice error={error} title="Not saved" />
      </form>
    </section>
  );
}

function Keys(): ReactNode {
  const { me } = useSession();
  const keys = useLoad('keys', (signal) => api.get<{ items: ApiKey[] }>('/api/keys', { signal }));
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('qa_engineer');
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const answer = await api.post<CreatedKey>('/api/keys', { role, ...(name.trim() ? { name: name.trim() } : {}) });
      setCreated(answer);
      setCopied(false);
      setName('');
      keys.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const revoke = async (): Promise<void> => {
    if (!revoking) return;
    setError(null);
    try {
      await api.delete(`/api/keys/${encodeURIComponent(revoking.id)}`);
      keys.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setRevoking(null);
    }
  };
  return (
    <section className="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      <form className="toolbar" onSubmit={(e) => void create(e)} aria-label="Create an API key">
        <label className="inline-field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. ci pipeline" maxLength={200} name="keyName" />
        </label>
        <Labeled className="inline-field" label="Role">
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} name="keyRole">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Labeled>
        <button type="submit" className="button-primary">
          Create key
        </button>
      </form>
      <ErrorNotice error={error} title="Not done" />
      {keys.error ? <ErrorNotice error={keys.error} title="Could not load keys" /> : null}
      {keys.data ? (
        <TableScroll label="API keys">
          <table className="table" data-testid="keys-table">
            <caption className="sr-only">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id}>
                  <td>
                    {key.name} {key.id === me.id ? <Badge tone="info">you</Badge> : null}
                  </td>
                  <td>{ROLE_LABELS[key.role] ?? key.role}</td>
                  <td className="mono small">{key.prefix}…</td>
                  <td className="nowrap small">{formatDate(key.createdAt)}</td>
                  <td>
                    {key.revokedAt ? (
                      <Badge tone="neutral">revoked {formatStamp(key.revokedAt).slice(0, 10)}</Badge>
                    ) : (
                      <Badge tone="ok">active</Badge>
                    )}
                  </td>
                  <td>
                    {key.revokedAt ? null : (
                      <button type="button" className="button-danger button-small" onClick={() => setRevoking(key)}>
                        Revoke<span className="sr-only"> {key.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <Spinner label="Loading keys…" />
      )}
      <Dialog open={created !== null} onClose={() => setCreated(null)} title="New API key">
        {created ? (
          <div className="stack">
            <p>
              <strong>Copy this key now: it is shown only once.</strong> Only its SHA-256 is stored, so it cannot be shown again.
            </p>
            <p className="secret-box">
              <code data-testid="new-key-secret">{created.secret}</code>
            </p>
            <p className="small muted">
              {created.key.name} · {ROLE_LABELS[created.key.role]}
            </p>
            <div className="button-row">
              <button
                type="button"
                className="button-primary"
                onClick={() => {
                  void navigator.clipboard?.writeText(created.secret).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  );
                }}
              >
                {copied ? 'Copied' : 'Copy key'}
              </button>
              <button type="button" className="button-secondary" onClick={() => setCreated(null)}>
                Done
              </button>
            </div>
          </div>
        ) : null}
      </Dialog>
      <Dialog open={revoking !== null} onClose={() => setRevoking(null)} title={`Revoke “${revoking?.name ?? ''}”?`}>
        <p>
          Requests with this key are refused from now on.{' '}
          {revoking?.id === me.id ? 'This is the key you are using: you will be logged out.' : ''}
        </p>
        <div className="button-row">
          <button type="button" className="button-danger" onClick={() => void revoke()}>
            Revoke key
          </button>
          <button type="button" className="button-secondary" onClick={() => setRevoking(null)} autoFocus>
            Cancel
          </button>
        </div>
      </Dialog>
    </section>
  );
}

export default function SettingsPage(): ReactNode {
  const { can } = useSession();
  return (
    <div className="page">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      {can('settings:read') ? <SettingsForm /> : null}
      {can('keys:manage') ? <Keys /> : null}
    </div>
  );
}
