/**
 * Public face of the pipeline: generate → PII scan → evaluate → visualize in one pass (see run.ts).
 *
 *   const result = await runPipeline({ schema, rowCount: 1000, seed: 1 }, { onEvent: audit.append });
 */
export { runPipeline, DEFAULT_MAX_ROWS } from './run.js';
export { MEDIA_TYPES } from './types.js';
export type {
  PipelineRequest,
  PipelineSample,
  PipelineHooks,
  PipelineResult,
  PipelineEvent,
  PipelineEventType,
  PipelineProgress,
  PipelineStage,
  PipelineChart,
  RowSource,
  StageTimings,
  VisualizationRequest,
} from './types.js';
