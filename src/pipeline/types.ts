/** Contracts of the pipeline: what a run is asked to do, what it reports while running, what it returns. */
import type { JsonSchema, JsonValue } from '../core/index.js';
import type { EvaluationReport, ThresholdOverrides } from '../evaluate/index.js';
import type { OutputFormat, RowSink } from '../generate/writers/index.js';
import type { PiiPolicy, PiiScanResult } from '../pii/index.js';
import type { Chart, SkippedChart } from '../visualize/index.js';

/** A real sample to learn from: parsed rows, or the file's text/bytes with an optional format hint. */
export type PipelineSample =
  | { readonly rows: readonly unknown[]; readonly name?: string }
  | { readonly text: string | Uint8Array; readonly name?: string; readonly format?: 'csv' | 'json' | 'jsonl' };

export interface VisualizationRequest {
  /** Draw charts at all (default true). */
  readonly enabled?: boolean;
  /** Chart kinds to draw (default: the visualizer's choice per column type). */
  readonly charts?: readonly string[];
  /** Columns to chart (default: all, capped by the visualizer). */
  readonly columns?: readonly string[];
  /** Render PNGs too (default true); SVG and the Vega-Lite spec are always there. */
  readonly png?: boolean;
}

export interface PipelineRequest {
  /** The row schema. Exactly one of schema or sample (the service resolves schemaId/templateId to a schema). */
  readonly schema?: JsonSchema;
  /** A real sample: infer a schema and model from it, then evaluate and leak-check the output against it. */
  readonly sample?: PipelineSample;
  readonly rowCount: number;
  readonly seed?: number | string;
  /** Dataset format written to the sink (default jsonl). */
  readonly format?: OutputFormat;
  /** Remote schemas for `$ref`s that leave the document (absolute URI → schema). */
  readonly refs?: Readonly<Record<string, JsonSchema>>;
  readonly options?: {
    readonly visualizations?: boolean | VisualizationRequest;
    readonly thresholds?: ThresholdOverrides;
    readonly pii?: PiiPolicy;
  };
}

export type PipelineStage = 'prepare' | 'generate' | 'evaluate' | 'visualize' | 'done';

export interface PipelineProgress {
  readonly stage: PipelineStage;
  readonly rowsDone: number;
  readonly rowCount: number;
  /** 0 … 1 over the whole run (generation dominates; the tail stages take the last 10%). */
  readonly fraction: number;
}

/** The audit taxonomy's pipeline events; the service turns them into audit rows. */
export type PipelineEventType = 'DataGenStarted' | 'DataGenCompleted' | 'PIIDetected' | 'EvalCompleted' | 'VizCompleted' | 'DataGenFailed';

export interface PipelineEvent {
  readonly type: PipelineEventType;
  readonly data: Readonly<Record<string, JsonValue>>;
}

/** Where rows come from: the default generates in this thread; the service may hand in a worker pool. */
export type RowSource = (
  schema: JsonSchema,
  range: {
    readonly seed: number | string;
    readonly offset: number;
    readonly count: number;
    readonly refs?: Readonly<Record<string, JsonSchema>>;
  },
) => Iterable<readonly JsonValue[]> | AsyncIterable<readonly JsonValue[]>;

export interface PipelineHooks {
  readonly onProgress?: (progress: PipelineProgress) => void;
  /** Awaited: a run does not go on until its event is recorded (nothing is lost if the process dies). */
  readonly onEvent?: (event: PipelineEvent) => void | Promise<void>;
  readonly signal?: AbortSignal;
  /** Where the dataset's bytes go (default: kept in memory and returned as `dataset.bytes`). */
  readonly sink?: RowSink;
  readonly rowSource?: RowSource;
  /** Largest rowCount accepted (default 10,000,000). */
  readonly maxRows?: number;
  /** Column-size cap for charts and profiles is the evaluator's; this caps reference rows kept (default 100,000). */
  readonly maxSampleRows?: number;
}

export interface StageTimings {
  /** Inference from a sample (0 without one). */
  readonly inferMs: number;
  readonly generateMs: number;
  readonly writeMs: number;
  readonly scanMs: number;
  readonly profileMs: number;
  readonly evaluateMs: number;
  readonly visualizeMs: number;
  readonly totalMs: number;
}

/** A chart as the visualizer draws it (spec, SVG, PNGs, title, alt text). */
export type PipelineChart = Chart;

export interface PipelineResult {
  readonly status: 'succeeded';
  readonly schema: JsonSchema;
  readonly schemaFingerprint: string;
  readonly rowCount: number;
  readonly seed: number | string;
  readonly format: OutputFormat;
  /** The dataset when no sink was given. */
  readonly dataset?: { readonly bytes: Uint8Array; readonly mediaType: string };
  readonly evaluation: EvaluationReport;
  readonly pii: PiiScanResult;
  readonly charts: readonly PipelineChart[];
  /** Charts asked for but not drawn, with why (an all-null column, a single value, …). */
  readonly chartsSkipped: readonly SkippedChart[];
  readonly timings: StageTimings;
  readonly warnings: readonly string[];
}

export const MEDIA_TYPES: Readonly<Record<OutputFormat, string>> = {
  jsonl: 'application/x-ndjson',
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};
