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
  /**
   * A binary max-heap by priority, kept as parallel arrays (priorities and the slot holding each row's data)
   * rather than objects: a sift then walks one Float64Array. Heap positions move exactly as they did with
   * objects, so iteration order (merge) is unchanged.
   */
  private priorities: Float64Array;
  private slots: Int32Array;
  /** Row index and cells, by slot. */
  private indexes: Float64Array;
  private readonly cells: SampleCell[][] = [];
  private length = 0;
  /** Rows offered. */
  seen = 0;

  constructor(readonly k = 10_000) {
    const initial = Math.min(k, 1024);
    this.priorities = new Float64Array(initial);
    this.slots = new Int32Array(initial);
    this.indexes = new Float64Array(initial);
  }

  /** Would a row with this priority enter the sample? (lets callers skip building rows that would not). */
  wants(priority: number): boolean {
    return this.length < this.k || priority < (this.priorities[0] as number);
  }

  offer(priority: number, index: number, values: SampleCell[]): void {
    if (this.length < this.k) {
      if (this.length === this.priorities.length) this.grow();
      const slot = this.length;
      this.indexes[slot] = index;
      this.cells[slot] = values;
      this.length++;
      this.siftUp(slot, priority, slot);
    } else if (priority < (this.priorities[0] as number)) {
      const slot = this.slots[0] as number;
      this.indexes[slot] = index;
      this.cells[slot] = values;
      this.siftDown(priority, slot);
    }
  }

  private grow(): void {
    const size = Math.min(this.k, this.priorities.length * 2);
    const priorities = new Float64Array(size);
    priorities.set(this.priorities);
    const slots = new Int32Array(size);
    slots.set(this.slots);
    const indexes = new Float64Array(size);
    indexes.set(this.indexes);
    this.priorities = priorities;
    this.slots = slots;
    this.indexes = indexes;
  }

  /** Places (priority, slot), just appended at position i, by moving larger-priority parents down. */
  private siftUp(i: number, priority: number, slot: number): void {
    const p = this.priorities;
    const s = this.slots;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((p[parent] as number) >= priority) break;
      p[i] = p[parent] as number;
      s[i] = s[parent] as number;
      i = parent;
    }
    p[i] = priority;
    s[i] = slot;
  }

  /** Places (priority, slot) at the root's position and sifts it down. */
  private siftDown(priority: number, slot: number): void {
    const p = this.priorities;
    const s = this.slots;
    const n = this.length;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (p[child + 1] as number) > (p[child] as number)) child++;
      if ((p[child] as number) <= priority) break;
      p[i] = p[child] as number;
      s[i] = s[child] as number;
      i = child;
    }
    p[i] = priority;
    s[i] = slot;
  }

  /** The rows in heap order. */
  private heapRows(): SampledRow[] {
    const out: SampledRow[] = [];
    for (let i = 0; i < this.length; i++) {
      const slot = this.slots[i] as number;
      out.push({ priority: this.priorities[i] as number, index: this.indexes[slot] as number, values: this.cells[slot] as SampleCell[] });
    }
    return out;
  }

  /** The sampled rows, smallest priority first (so any prefix is itself a uniform sample). */
  rows(): SampledRow[] {
    return this.heapRows().sort((a, b) => a.priority - b.priority || a.index - b.index);
  }

  get size(): number {
    return this.length;
  }

  merge(other: RowSample): void {
    this.seen += other.seen;
    for (const row of other.heapRows()) this.offer(row.priority, row.index, row.values);
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
