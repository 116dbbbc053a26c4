/** The visualizer's vocabulary: chart kinds, options, and what a rendered chart carries. */
import type { JsonObject, JsonSchema } from '../core/index.js';
import type { ProfileJson, Profiler } from '../evaluate/index.js';

/**
 * - histogram: a numerical or datetime column, binned;
 * - values: a categorical or boolean column, its top N values plus "other";
 * - scatter: a pair of numerical/datetime columns, drawn from the profile's uniform row sample;
 * - correlation: the Pearson matrix of the numerical/datetime columns;
 * - nulls: the null rate of every column.
 * With a reference each kind compares real and synthetic (histograms layered, the others side by side).
 */
export type ChartKind = 'histogram' | 'values' | 'scatter' | 'correlation' | 'nulls';
export const CHART_KINDS: readonly ChartKind[] = ['histogram', 'values', 'scatter', 'correlation', 'nulls'];

/** A Vega-Lite spec as plain JSON (data inline, so the spec alone redraws the chart). */
export type VegaLiteSpec = JsonObject;

/** What can be charted: rows (profiled here, in one pass), a profiler, or a profile's JSON. */
export type ChartSource = Iterable<unknown> | AsyncIterable<unknown> | Profiler | ProfileJson;

export interface VisualizeOptions {
  /** Kinds to draw (default: all; each column gets the kind that fits its type). */
  readonly charts?: readonly ChartKind[];
  /** Only these columns (dotted paths), in this order (default: every column). */
  readonly columns?: readonly string[];
  /** Real data to compare against: rows, a profiler or a profile's JSON. Adds real-vs-synthetic overlays. */
  readonly reference?: ChartSource;
  /** With rows: the row schema, which fixes column kinds (as for evaluate). */
  readonly schema?: JsonSchema;
  /** Plot area in CSS pixels (default 480 × 260); axes, titles and legends add to it. */
  readonly size?: { readonly width?: number; readonly height?: number };
  /** PNG scale factors (default [1, 2]); [] renders no PNG. */
  readonly scale?: number | readonly number[];
  /** Add base64 data URIs of the SVG and of every PNG. */
  readonly dataUri?: boolean;
  /** Values listed per value-count chart before the rest is lumped into "other" (default 10). */
  readonly topN?: number;
  /** Scatter plots drawn by default: the most correlated pairs (default 3). */
  readonly scatterPairs?: number;
  /** Scatter plots of exactly these pairs instead of the most correlated ones. */
  readonly pairs?: ReadonlyArray<readonly [string, string]>;
  /** Most points per scatter plot and side (default 2,000; a uniform sample of the rows). */
  readonly maxPoints?: number;
}

export interface ChartImage {
  readonly scale: number;
  /** Pixels. */
  readonly width: number;
  readonly height: number;
  readonly png: Uint8Array;
  /** `data:image/png;base64,…` when `dataUri` was asked for. */
  readonly dataUri?: string;
}

export interface Chart {
  /** File-safe and unique within one result, e.g. `histogram-balance`. */
  readonly id: string;
  readonly kind: ChartKind;
  readonly columns: readonly string[];
  /** True when the chart compares real (the reference) with synthetic data. */
  readonly compared: boolean;
  readonly title: string;
  /** One or two sentences saying what the chart shows, for people who cannot see it. */
  readonly alt: string;
  /** Caveats shown under the title: estimates, values left out, degenerate data. */
  readonly notes: readonly string[];
  /** Set when there was nothing to draw: the chart is a message saying why. */
  readonly empty?: string;
  readonly spec: VegaLiteSpec;
  readonly svg: string;
  /** CSS pixels of the SVG. */
  readonly width: number;
  readonly height: number;
  readonly images: readonly ChartImage[];
  /** `data:image/svg+xml;base64,…` when `dataUri` was asked for. */
  readonly svgDataUri?: string;
}

/** A chart that was not drawn, and why. */
export interface SkippedChart {
  readonly kind: ChartKind | 'all';
  readonly columns: readonly string[];
  readonly reason: string;
}

export interface VisualizeResult {
  readonly rows: number;
  readonly reference: { readonly rows: number } | null;
  readonly charts: Chart[];
  readonly skipped: SkippedChart[];
}
