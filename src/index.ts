/**
 * SynthDataGen — schema-driven synthetic data.
 *
 *   import { generate, compileSchema, lintSchema } from 'synthdatagen';
 */
export { generate, compileSchema, checkCount } from './generate/index.js';
export type { GenerateOptions, CompiledSchema } from './generate/index.js';
export { lintSchema, detectDraft, parseDraft, DRAFTS, KNOWN_FORMATS } from './schema/index.js';
export type { Draft, LintIssue, LintResult, LintOptions, LintSeverity } from './schema/index.js';
export { SdgError, isSdgError, ERROR_CODES, fingerprint, canonicalJson, Rng } from './core/index.js';
export type { ErrorCode, JsonValue, JsonSchema, JsonSchemaObject } from './core/index.js';
export { scanPii, createPiiScanner, formatPiiReport, maskValue } from './pii/index.js';
export { infer, parseDataset } from './infer/index.js';
export { evaluate, evaluateSync, createProfiler, buildPlan, evaluateProfile, formatReportText } from './evaluate/index.js';
export { visualize, renderReportHtml, buildReportDocument } from './visualize/index.js';
export { runPipeline, MEDIA_TYPES } from './pipeline/index.js';
export type { PipelineRequest, PipelineResult, PipelineHooks, PipelineEvent, PipelineProgress } from './pipeline/index.js';
