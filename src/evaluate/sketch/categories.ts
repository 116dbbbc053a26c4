/**
 * Category frequencies. Categories known in advance (the reference's, or a schema enum) are counted exactly
 * in an array, whatever else arrives. Other values are counted exactly in a map until it holds `cap` keys;
 * then the map is pruned to its `cap/2` most frequent keys, the pruned counts go to `otherPruned`, and a
 * HyperLogLog takes over the distinct count. A key pruned and seen again restarts from zero, so after a prune
 * a reported count may be low by at most `pruneFloor` (the largest count ever pruned) — the lossy-counting
 * bound. Reports show the top K and lump the rest into "other".
 */
import { hashText } from '../hash.js';
import { HyperLogLog, HLL_RELATIVE_ERROR } from './hll.js';
import type { DistinctEstimate } from './distinct.js';

export interface CategoryJson {
  readonly cap: number;
  readonly known: string[];
  readonly knownCounts: number[];
  readonly others: Array<[string, number]>;
  readonly otherPruned: number;
  readonly pruneFloor: number;
  readonly hll?: string;
}

export interface CategoryCount {
  readonly value: string;
  readonly count: number;
}

export class CategoryCounter {
  private readonly index: Map<string, number>;
  readonly knownCounts: Float64Array;
  private others = new Map<string, number>();
  private hll: HyperLogLog | null = null;
  /** Values counted (nulls are not values). */
  total = 0;
  /** Total count of pruned keys (their values are in `total` but no longer listed). */
  otherPruned = 0;
  /** Largest count a pruned key had: the most any listed count can be too low by. */
  pruneFloor = 0;

  constructor(
    readonly cap = 10_000,
    readonly known: readonly string[] = [],
  ) {
    this.index = new Map(known.map((key, i) => [key, i]));
    this.knownCounts = new Float64Array(known.length);
  }

  /** Counts a value; returns its index among the known categories, or -1. */
  add(key: string): number {
    this.total++;
    if (this.hll !== null) this.hll.addHash(hashText(key));
    const i = this.index.get(key);
    if (i !== undefined) {
      this.knownCounts[i]!++;
      return i;
    }
    const count = this.others.get(key);
    if (count !== undefined) this.others.set(key, count + 1);
    else {
      this.others.set(key, 1);
      if (this.others.size > this.cap) this.prune();
    }
    return -1;
  }

  private prune(): void {
    if (this.hll === null) {
      this.hll = new HyperLogLog();
      this.known.forEach((key, i) => {
        if ((this.knownCounts[i] as number) > 0) this.hll!.addHash(hashText(key));
      });
      for (const key of this.others.keys()) this.hll.addHash(hashText(key));
    }
    const sorted = [...this.others.entries()].sort((a, b) => b[1] - a[1]);
    const keep = Math.max(1, Math.floor(this.cap / 2));
    for (let i = keep; i < sorted.length; i++) {
      const [, count] = sorted[i] as [string, number];
      this.otherPruned += count;
      if (count > this.pruneFloor) this.pruneFloor = count;
    }
    this.others = new Map(sorted.slice(0, keep));
  }

  /** Count of a value (exact unless `approximate`). */
  count(key: string): number {
    const i = this.index.get(key);
    return i !== undefined ? (this.knownCounts[i] as number) : (this.others.get(key) ?? 0);
  }

  /** True once pruning has happened: listed counts of non-known values and the distinct count are estimates. */
  get approximate(): boolean {
    return this.hll !== null;
  }

  /** Values outside the known categories, with their counts (listed ones only). */
  otherEntries(): IterableIterator<[string, number]> {
    return this.others.entries();
  }

  /** Number of values outside the known categories (exact). */
  get otherTotal(): number {
    let knownTotal = 0;
    for (let i = 0; i < this.knownCounts.length; i++) knownTotal += this.knownCounts[i] as number;
    return this.total - knownTotal;
  }

  distinct(): DistinctEstimate {
    if (this.hll !== null) return { value: Math.round(this.hll.estimate()), exact: false, relativeError: HLL_RELATIVE_ERROR };
    let n = this.others.size;
    for (let i = 0; i < this.knownCounts.length; i++) if ((this.knownCounts[i] as number) > 0) n++;
    return { value: n, exact: true, relativeError: 0 };
  }

  /** The `k` most frequent values (ties by value), and how many values are not among them. */
  top(k: number): { top: CategoryCount[]; other: number } {
    // The k first in (count descending, value ascending) order, kept sorted as the values stream past: most
    // are rejected by one comparison with the k-th, instead of sorting thousands of values to keep twenty.
    if (!Number.isInteger(k) || k < 1) return this.sortedTop(k);
    const top: CategoryCount[] = [];
    const consider = (value: string, count: number): void => {
      if (top.length === k) {
        const last = top[k - 1] as CategoryCount;
        if (count < last.count || (count === last.count && value > last.value)) return;
      }
      let i = top.length;
      while (i > 0) {
        const before = top[i - 1] as CategoryCount;
        if (before.count > count || (before.count === count && before.value < value)) break;
        i--;
      }
      top.splice(i, 0, { value, count });
      if (top.length > k) top.pop();
    };
    this.known.forEach((value, i) => {
      const count = this.knownCounts[i] as number;
      if (count > 0) consider(value, count);
    });
    for (const [value, count] of this.others) consider(value, count);
    return { top, other: this.total - top.reduce((sum, c) => sum + c.count, 0) };
  }

  /** top() by sorting everything: slice's reading of an odd k. */
  private sortedTop(k: number): { top: CategoryCount[]; other: number } {
    const all: CategoryCount[] = [];
    this.known.forEach((value, i) => {
      const count = this.knownCounts[i] as number;
      if (count > 0) all.push({ value, count });
    });
    for (const [value, count] of this.others) all.push({ value, count });
    all.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    const top = all.slice(0, k);
    return { top, other: this.total - top.reduce((sum, c) => sum + c.count, 0) };
  }

  merge(other: CategoryCounter): void {
    if (other.known.length !== this.known.length || other.known.some((key, i) => key !== this.known[i]))
      throw new RangeError('CategoryCounter.merge: the two counters know different categories');
    for (let i = 0; i < this.knownCounts.length; i++) this.knownCounts[i]! += other.knownCounts[i] as number;
    this.total += other.total;
    this.otherPruned += other.otherPruned;
    this.pruneFloor = Math.max(this.pruneFloor, other.pruneFloor);
    if (other.hll !== null) {
      if (this.hll === null) {
        this.hll = new HyperLogLog();
        this.known.forEach((key, i) => {
          if ((this.knownCounts[i] as number) > 0) this.hll!.addHash(hashText(key));
        });
        for (const key of this.others.keys()) this.hll.addHash(hashText(key));
      }
      this.hll.merge(other.hll);
    }
    for (const [key, count] of other.others) {
      this.others.set(key, (this.others.get(key) ?? 0) + count);
      if (this.hll !== null) this.hll.addHash(hashText(key));
    }
    if (this.others.size > this.cap) this.prune();
  }

  toJSON(): CategoryJson {
    return {
      cap: this.cap,
      known: [...this.known],
      knownCounts: Array.from(this.knownCounts),
      others: [...this.others.entries()],
      otherPruned: this.otherPruned,
      pruneFloor: this.pruneFloor,
      ...(this.hll === null ? {} : { hll: this.hll.toJSON() }),
    };
  }

  static fromJSON(json: CategoryJson): CategoryCounter {
    const counter = new CategoryCounter(json.cap, json.known);
    json.knownCounts.forEach((count, i) => (counter.knownCounts[i] = count));
    counter.others = new Map(json.others);
    counter.otherPruned = json.otherPruned;
    counter.pruneFloor = json.pruneFloor;
    if (json.hll !== undefined) counter.hll = HyperLogLog.fromJSON(json.hll);
    counter.total = json.knownCounts.reduce((a, b) => a + b, 0) + json.others.reduce((a, [, c]) => a + c, 0) + json.otherPruned;
    return counter;
  }
}
