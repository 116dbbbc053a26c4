export { DRAFTS, DEFAULT_DRAFT, detectDraft, parseDraft, draftOfMetaUri } from './drafts.js';
export type { Draft } from './drafts.js';
export { SchemaRegistry, DEFAULT_BASE_URI, normalizeUri } from './registry.js';
export type { SchemaLocation, LocatedSchema, RegistryOptions } from './registry.js';
export { createAjv, describeAjvErrors } from './validator.js';
export type { Ajv, ValidateFunction, ErrorObject } from './validator.js';
export { lintSchema, assertLintClean, KNOWN_FORMATS } from './lint.js';
export type { LintIssue, LintResult, LintOptions, LintSeverity } from './lint.js';
export { META_SCHEMAS } from './meta.js';
