/**
 * Privacy against a reference, on bounded samples (the exact-copy rate over every row is in the profiler):
 *
 * - NewRowSynthesis (SDMetrics): the share of sampled synthetic rows that match no reference row, where a
 *   match means every modelled column matches — missing with missing, a category exactly, a number (or a
 *   datetime's epoch value) within 1% of the synthetic value — the same rule as SDMetrics with its
 *   `synthetic_sample_size` set to the sample size.
 * - Distance to closest record (DCR): for each sampled synthetic row, the distance to its nearest reference
 *   row, where distance is the mean over modelled columns of: |a − b| / (reference max − min) capped at 1 for
 *   numbers and datetimes, 0/1 for categories, 0 for two missing cells and 1 for one. The baseline is the same
 *   for sampled reference rows against the other reference rows (leave one out): synthetic rows much closer to
 *   real rows than real rows are to each other suggest memorised records. `ratio` = median DCR ÷ baseline
 *   median.
 *
 * Cost: sample × reference rows × columns, with early exit; 1,000 × 10,000 × 12 runs in well under a second.
 */
import { indexPriority } from './hash.js';
import { isContinuous, type ColumnKind } from './columns.js';
import { rowsMatch, type Cell } from './sdmetrics.js';

export interface PrivacyColumns {
  readonly kinds: readonly ColumnKind[];
  /** Modelled column indexes. */
  readonly modelled: readonly number[];
}

export interface DcrSummary {
  readonly sampleRows: number;
  readonly referenceRows: number;
  readonly min: number;
  readonly p05: number;
  readonly median: number;
  readonly mean: number;
  /** Share of sampled rows at distance 0 from some reference row. */
  readonly zeroShare: number;
  readonly baselineMedian: number;
  readonly ratio: number | null;
}

/** numpy.quantile (linear) of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = p * (n - 1);
  const lo = Math.floor(h);
  const t = h - lo;
  const a = sorted[lo] as number;
  const b = sorted[Math.min(n - 1, lo + 1)] as number;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Rows of modelled cells (plan order), sampled uniformly by index priority when there are more than `limit`. */
export function sampleReferenceRows(referenceCells: readonly Cell[][], rows: number, limit: number, seed: number): number[] {
  const indexes = Array.from({ length: rows }, (_, i) => i);
  if (rows <= limit) return indexes;
  return indexes
    .map((i) => [indexPriority(seed ^ 0x51ed27, i), i] as const)
    .sort((a, b) => a[0] - b[0])
    .slice(0, limit)
    .map(([, i]) => i)
    .sort((a, b) => a - b);
}

export function newRowSynthesisOnSample(
  columns: PrivacyColumns,
  referenceCells: readonly Cell[][],
  referenceRows: number,
  sample: readonly (readonly Cell[])[],
  tolerance = 0.01,
): { score: number; sampleRows: number; matched: number } {
  const continuous = columns.modelled.map((c) => isContinuous(columns.kinds[c] as ColumnKind));
  // A match needs equal categories and the same missing cells: index the reference rows by exactly that.
  const keyOf = (cells: readonly Cell[]): string => {
    let key = '';
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[k] ?? null;
      if (k > 0) key += '\u0002';
      if (cell === null) key += '\u0000';
      else if (!continuous[k]) key += `\u0001${String(cell)}`;
    }
    return key;
  };
  const buckets = new Map<string, Cell[][]>();
  for (let r = 0; r < referenceRows; r++) {
    const cells = columns.modelled.map((c) => referenceCells[c]![r] ?? null);
    const key = keyOf(cells);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(cells);
    else buckets.set(key, [cells]);
  }
  let matched = 0;
  for (const row of sample) {
    const cells = columns.modelled.map((c) => row[c] ?? null);
    const bucket = buckets.get(keyOf(cells));
    if (bucket?.some((candidate) => rowsMatch(candidate, cells, continuous, tolerance))) matched++;
  }
  return { score: sample.length === 0 ? NaN : (sample.length - matched) / sample.length, sampleRows: sample.length, matched };
}

interface Encoded {
  /** Column-major: one Float64Array per modelled column, over `rows` rows. */
  readonly values: Float64Array[];
  readonly rows: number;
}

/** Distances to the closest record, and the reference's own leave-one-out baseline. */
export function distanceToClosestRecord(
  columns: PrivacyColumns,
  referenceCells: readonly Cell[][],
  referenceIndexes: readonly number[],
  baselineIndexes: readonly number[],
  sample: readonly (readonly Cell[])[],
): DcrSummary | null {
  const modelled = columns.modelled;
  if (modelled.length === 0 || referenceIndexes.length === 0 || sample.length === 0) return null;
  // Discrete columns first: a mismatch costs a whole 1/C, so the early exit triggers sooner.
  const order = [...modelled].sort(
    (a, b) => Number(isContinuous(columns.kinds[a] as ColumnKind)) - Number(isContinuous(columns.kinds[b] as ColumnKind)),
  );
  const continuous = order.map((c) => isContinuous(columns.kinds[c] as ColumnKind));
  const scale: number[] = [];
  /** 1 for a continuous column without range: any difference there is a whole 1 (|a − b| / 0, capped). */
  const flat: number[] = [];
  const codes: Array<Map<string, number>> = [];
  order.forEach((c, k) => {
    if (continuous[k]) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const i of referenceIndexes) {
        const v = referenceCells[c]![i];
        if (typeof v === 'number') {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      // A column with one value (or none) has no range: values are compared raw there (see scanGroup), as
      // scaling them by a huge factor would overflow epoch milliseconds to Infinity (and Infinity − Infinity
      // is NaN).
      scale.push(hi > lo ? 1 / (hi - lo) : 1);
      flat.push(hi > lo ? 0 : 1);
    } else {
      scale.push(1);
      flat.push(0);
    }
    codes.push(new Map());
  });
  const encode = (cell: Cell, k: number): number => {
    if (cell === null) return NaN;
    if (continuous[k]) return typeof cell === 'number' ? cell * (scale[k] as number) : NaN;
    const map = codes[k] as Map<string, number>;
    const key = String(cell);
    let code = map.get(key);
    if (code === undefined) map.set(key, (code = map.size));
    return code;
  };
  const encodeRows = (get: (row: number, column: number) => Cell, rows: number): Encoded => ({
    rows,
    values: order.map((c, k) => {
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) out[r] = encode(get(r, c), k);
      return out;
    }),
  });
  const reference = encodeRows((r, c) => referenceCells[c]![referenceIndexes[r] as number] ?? null, referenceIndexes.length);
  const synthetic = encodeRows((r, c) => sample[r]![c] ?? null, sample.length);
  const width = order.length;
  const position = new Map(referenceIndexes.map((row, i) => [row, i]));
  const baselineRows = baselineIndexes.filter((row) => position.has(row));
  const baseline = encodeRows((r, c) => referenceCells[c]![baselineRows[r] as number] ?? null, baselineRows.length);

  // Reference rows grouped by their categories (discrete columns come first in `order`). A row of a group
  // that differs from the query in m categories is at distance ≥ m, so a query scans its own group first,
  // then — where groups hold several rows each — the groups one category away (found by looking its
  // categories up with each column left out in turn), and only then, if the best distance is still above
  // what those ruled out, every other group, skipping each as soon as its mismatches reach the best. Each
  // visited row's distance is summed in column order as before (the m whole numbers first), so the minimum is
  // the very same number a scan of every row gives.
  const discrete = continuous.reduce((n, isContinuous) => (isContinuous ? n : n + 1), 0);
  /** The row's categories as text, with column `omit` (if any) left out. */
  const signature = (values: Float64Array[], row: number, omit = -1): string => {
    let key = '';
    for (let k = 0; k < discrete; k++) key += k === omit ? '*,' : `${(values[k] as Float64Array)[row]},`;
    return key;
  };
  const groups = new Map<string, number>();
  const members: number[][] = [];
  for (let r = 0; r < reference.rows; r++) {
    const key = signature(reference.values, r);
    const g = groups.get(key);
    if (g !== undefined) (members[g] as number[]).push(r);
    else {
      groups.set(key, members.length);
      members.push([r]);
    }
  }
  const groupCount = members.length;
  const groupCodes = new Float64Array(groupCount * discrete);
  members.forEach((rows, g) => {
    for (let k = 0; k < discrete; k++) groupCodes[g * discrete + k] = (reference.values[k] as Float64Array)[rows[0] as number] as number;
  });
  // Per discrete column k: the groups by their categories with column k left out (they differ at most
  // there). Only worth building where groups are not mostly single rows (many categorical columns): there the
  // lookups would rarely find anything and the scan below does the work.
  const useNeighbours = discrete >= 2 && groupCount * 4 <= reference.rows;
  const neighbours = Array.from({ length: useNeighbours ? discrete : 0 }, (_, k) => {
    const map = new Map<string, number[]>();
    members.forEach((rows, g) => {
      const key = signature(reference.values, rows[0] as number, k);
      const list = map.get(key);
      if (list) list.push(g);
      else map.set(key, [g]);
    });
    return map;
  });
  // Row-major copies for the scan (a row's cells in one cache line or two, not one array per column).
  const rowMajor = (encoded: Encoded): Float64Array => {
    const out = new Float64Array(encoded.rows * width);
    encoded.values.forEach((column, k) => {
      for (let r = 0; r < encoded.rows; r++) out[r * width + k] = column[r] as number;
    });
    return out;
  };
  const referenceRows = rowMajor(reference);
  const flatColumns = Uint8Array.from(flat);
  const queryCells = new Float64Array(width);
  const visited = new Int32Array(groupCount).fill(-1);
  /** Category mismatches of group g with the query (the discrete part of the distance), or `stop` once reached. */
  const mismatchesOf = (g: number, stop: number): number => {
    let m = 0;
    for (let k = 0; k < discrete && m < stop; k++) {
      const a = queryCells[k] as number;
      const b = groupCodes[g * discrete + k] as number;
      if (a !== a || b !== b) m += a !== a && b !== b ? 0 : 1;
      else if (a !== b) m++;
    }
    return m;
  };
  /** The best distance sum over group g's rows (but `skip`), given its m mismatches and the best so far. */
  const scanGroup = (g: number, m: number, skip: number, best: number): number => {
    for (const r of members[g] as number[]) {
      if (r === skip) continue;
      let sum = m;
      const o = r * width;
      for (let k = discrete; k < width && sum < best; k++) {
        const a = queryCells[k] as number;
        const b = referenceRows[o + k] as number;
        let d: number;
        if (a !== a || b !== b) d = a !== a && b !== b ? 0 : 1;
        else {
          d = a > b ? a - b : b - a;
          // Without a range, the old 10^300 scale: 0 for equal values, 1 for any real difference.
          if (flatColumns[k] === 1) d *= 1e300;
          if (d > 1) d = 1;
        }
        sum += d;
      }
      if (sum < best) best = sum;
      if (best === 0) return 0;
    }
    return best;
  };
  let queryId = 0;
  const nearest = (query: Encoded, q: number, skip: number): number => {
    for (let k = 0; k < width; k++) queryCells[k] = (query.values[k] as Float64Array)[q] as number;
    const id = queryId++;
    let best = Infinity;
    // m = 0, then m = 1: the own group and those one category away.
    const own = groups.get(signature(query.values, q));
    if (own !== undefined) {
      visited[own] = id;
      best = scanGroup(own, 0, skip, best);
    }
    // The fewest mismatches a group not yet visited can have: 1 after the own group, 2 after its neighbours.
    let floor = 1;
    if (useNeighbours) {
      for (let k = 0; k < discrete && best > 1; k++) {
        for (const g of neighbours[k]!.get(signature(query.values, q, k)) ?? []) {
          if (visited[g] === id) continue;
          visited[g] = id;
          best = scanGroup(g, mismatchesOf(g, Infinity), skip, best);
        }
      }
      floor = 2;
    }
    if (best > floor) {
      for (let g = 0; g < groupCount && best > 0; g++) {
        if (visited[g] === id) continue;
        const m = mismatchesOf(g, best);
        if (m < best) best = scanGroup(g, m, skip, best);
      }
    }
    return best === Infinity ? NaN : best / width;
  };

  const distances = new Float64Array(synthetic.rows);
  for (let q = 0; q < synthetic.rows; q++) distances[q] = nearest(synthetic, q, -1);
  distances.sort();
  const baseValues: number[] = [];
  for (let q = 0; q < baseline.rows; q++) {
    const d = nearest(baseline, q, position.get(baselineRows[q] as number) as number);
    if (!Number.isNaN(d)) baseValues.push(d);
  }
  const base = Float64Array.from(baseValues).sort();
  let sum = 0;
  let zeros = 0;
  for (const d of distances) {
    sum += d;
    if (d === 0) zeros++;
  }
  const median = quantileSorted(distances, 0.5);
  const baselineMedian = quantileSorted(base, 0.5);
  return {
    sampleRows: synthetic.rows,
    referenceRows: reference.rows,
    min: distances[0] as number,
    p05: quantileSorted(distances, 0.05),
    median,
    mean: sum / distances.length,
    zeroShare: zeros / distances.length,
    baselineMedian,
    ratio: baselineMedian > 0 ? median / baselineMedian : null,
  };
}
