/** How numbers, times and ids read on screen. */
const integer = new Intl.NumberFormat('en-US');
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

export const formatInt = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : integer.format(value);

/** `2025-01-31 14:05:09` (UTC), compact and sortable, for tables. */
export function formatStamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateTime.format(date)} UTC`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const formatShare = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `sha256:abcd…` shortened for tables; the full value stays in the title. */
export const shortHash = (hash: string | null | undefined, length = 12): string =>
  hash ? (hash.length > length + 7 ? `${hash.slice(0, length + 7)}…` : hash) : '—';

/** Chart titles stored runs lack: `histogram-age` → `Histogram of age`. */
export function chartTitle(id: string, kind: string, title: string): string {
  if (title && title !== id) return title;
  if (id === 'correlation') return 'Correlation matrix';
  if (id === 'nulls') return 'Missing values per column';
  const rest = id.startsWith(`${kind}-`) ? id.slice(kind.length + 1) : '';
  const label = kind.charAt(0).toUpperCase() + kind.slice(1);
  return rest ? `${label} of ${rest}` : label;
}
