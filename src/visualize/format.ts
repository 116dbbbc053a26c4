/** Numbers, shares and dates as alt texts and subtitles print them: locale-free, so output is the same everywhere. */

/** Thousands separators for integers; 4 significant digits for other values ("1,234", "0.01234", "1.2e+21"). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return groupThousands(String(x));
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-4)) return x.toExponential(3).replace(/\.?0+e/, 'e');
  const text = String(Number(x.toPrecision(4)));
  const [whole = '', fraction] = text.split('.');
  return fraction === undefined ? groupThousands(whole) : `${groupThousands(whole)}.${fraction}`;
}

function groupThousands(digits: string): string {
  const negative = digits.startsWith('-');
  const body = negative ? digits.slice(1) : digits;
  const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? `-${grouped}` : grouped;
}

/** A share as a percentage with up to one decimal ("12.5%", "0%", "<0.1%"). */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '–';
  if (share > 0 && share < 0.001) return '<0.1%';
  return `${Number((share * 100).toFixed(1))}%`;
}

/** An epoch-ms instant in ISO 8601, trimmed to what the value holds (a date, minutes, seconds or ms). */
export function formatDate(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return String(ms);
  const iso = date.toISOString();
  if (ms % 86_400_000 === 0) return iso.slice(0, 10);
  if (ms % 60_000 === 0) return `${iso.slice(0, 16)}Z`;
  if (ms % 1000 === 0) return `${iso.slice(0, 19)}Z`;
  return iso;
}

/** A column value as text: dates for datetime columns, numbers otherwise. */
export function formatValue(x: number, datetime: boolean): string {
  return datetime ? formatDate(x) : formatNumber(x);
}

/** "1 row", "2 rows". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${formatNumber(count)} ${count === 1 ? noun : nouns}`;
}

/** Words for the strength of a correlation (|r| thresholds after Evans 1996). */
export function describeCorrelation(r: number): string {
  const a = Math.abs(r);
  const strength = a >= 0.8 ? 'very strong' : a >= 0.6 ? 'strong' : a >= 0.4 ? 'moderate' : a >= 0.2 ? 'weak' : 'very weak or no';
  return a < 0.2 ? `${strength} linear relation` : `${strength} ${r > 0 ? 'positive' : 'negative'} relation`;
}

/** Shortens a label to `max` characters with an ellipsis. */
export function truncate(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
