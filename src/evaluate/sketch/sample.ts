/**
 * A uniform sample of rows without replacement, by bottom-k sampling: row i gets the priority
 * hash(seed, i) ∈ [0, 1) and the sample keeps the k rows with the smallest priorities. Because a priority
 * depends only on the global row index, merging the samples of row ranges (each profiler told its first
 * row's index) gives exactly the sample a single pass would have kept, whatever the chunking or order.
 * Memory: k rows of projected cells. Expected heap insertions over n rows: k·(1 + ln(n/k)).
 */

export type SampleCell = number | string | null;

export interface SampleJson {
  readonly k: number;
  readonly seen: number;
  readonly rows: Array<{ p: number; i: number; v: SampleCell[] }>;
}

export interface SampledRow {
  readonly priority: number;
  readonly index: number;
  readonly values: SampleCell[];
}

export class RowSample {
  private heap: SampledRow[] = [];
  /** Rows offered. */
  seen = 0;

  constructor(readonly k = 10_000) {}

  /** Would a row with this priority enter the sample? (lets callers skip building rows that would not). */
  wants(priority: number): boolean {
    return this.heap.length < this.k || priority < (this.heap[0] as SampledRow).priority;
  }

  offer(priority: number, index: number, values: SampleCell[]): void {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push({ priority, index, values });
      this.siftUp(heap.length - 1);
    } else if (priority < (heap[0] as SampledRow).priority) {
      heap[0] = { priority, index, values };
      this.siftDown(0);
    }
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const item = heap[i] as SampledRow;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as SampledRow).priority >= item.priority) break;
      heap[i] = heap[parent] as SampledRow;
      i = parent;
    }
    heap[i] = item;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[i] as SampledRow;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (heap[child + 1] as SampledRow).priority > (heap[child] as SampledRow).priority) child++;
      if ((heap[child] as SampledRow).priority <= item.priority) break;
      heap[i] = heap[child] as SampledRow;
      i = child;
    }
    heap[i] = item;
  }

  /** The sampled rows, smallest priority first (so any prefix is itself a uniform sample). */
  rows(): SampledRow[] {
    return this.heap.slice().sort((a, b) => a.priority - b.priority || a.index - b.index);
  }

  get size(): number {
    return this.heap.length;
  }

  merge(other: RowSample): void {
    this.seen += other.seen;
    for (const row of other.heap) this.offer(row.priority, row.index, row.values);
  }

  toJSON(): SampleJson {
    return { k: this.k, seen: this.seen, rows: this.rows().map((r) => ({ p: r.priority, i: r.index, v: r.values })) };
  }

  static fromJSON(json: SampleJson): RowSample {
    const sample = new RowSample(json.k);
    for (const row of json.rows) sample.offer(row.p, row.i, row.v);
    sample.seen = json.seen;
    return sample;
  }
}
