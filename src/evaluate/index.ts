/**
 * Public face of the evaluator: streaming profiles, SDMetrics-style metrics, pass/warn/fail verdicts.
 *
 *   const report = await evaluate(rows, { schema, reference, thresholds: { quality: { pass: 0.9 } } });
 *
 * See docs/evaluation.md for every metric, threshold and approximation, docs/report.schema.json for the report.
 */
export { evaluate, evaluateSync, evaluateProfile, referenceCells } from './evaluate.js';
export type { EvaluateOptions } from './evaluate.js';
export { createProfiler, Profiler, ColumnState } from './profiler.js';
export type { ProfilerSetup, ProfileJson, ColumnStateJson, RowValidator, ValidityState } from './profiler.js';
export { buildPlan, columnsOf, DEFAULT_PROFILE_OPTIONS, planFingerprint, cellOf } from './plan.js';
export type { ProfilePlan, ColumnPlan, ProfileOptions, PlanInput, BuiltPlan, ColumnExpectations } from './plan.js';
export { buildReport, REPORT_VERSION, ksFromGrid, ksFromSketches, ksAgainstCdf, declaredCdf } from './report.js';
export type {
  EvaluationReport,
  ColumnReport,
  ExcludedColumn,
  PairReport,
  CorrelationReport,
  PrivacyReport,
  ValidityReport,
  Check,
  NumericStats,
  CategoryStats,
  ReferenceColumn,
} from './report.js';
export { DEFAULT_THRESHOLDS, THRESHOLD_IDS, resolveThresholds, judge, worst } from './thresholds.js';
export type { Status, Threshold, ThresholdId, Thresholds, ThresholdOverrides, Direction } from './thresholds.js';
export {
  ksComplement,
  ksStatistic,
  tvComplement,
  tvComplementFromCounts,
  correlationSimilarity,
  contingencySimilarity,
  histogramBinEdges,
  digitize,
  newRowSynthesis,
  pearson,
  spearman,
  averageRanks,
  numpyRound,
  nanMean,
} from './sdmetrics.js';
export type { Cell } from './sdmetrics.js';
export { schemaColumns, guessKind, parseDateMs, COLUMN_KINDS, isContinuous, isDiscrete, isModelled } from './columns.js';
export type { ColumnKind, SchemaColumns, SchemaColumn, DeclaredCorrelation, DeclaredDistribution } from './columns.js';
export { csvColumnTypes, coerceCsvRows, unflatten } from './coerce.js';
export { formatReportText } from './text.js';
export type { TextOptions } from './text.js';
export { KllSketch } from './sketch/kll.js';
export { HyperLogLog, HLL_RELATIVE_ERROR } from './sketch/hll.js';
export { DistinctCounter } from './sketch/distinct.js';
export { CategoryCounter } from './sketch/categories.js';
export { Moments } from './sketch/moments.js';
export { RowSample } from './sketch/sample.js';
export { distanceToClosestRecord, newRowSynthesisOnSample, quantileSorted } from './privacy.js';
export type { DcrSummary } from './privacy.js';
