/**
 * PII scan and privacy guard: recognisers with validators, aggregated per column; safe synthetic spaces
 * (core/safe-ranges) recognised as such; a leak check against a reference sample; a policy that turns
 * findings into a `clean | blocked` verdict with a remediation guide. See docs/pii.md.
 */
export { scanPii, createPiiScanner, PiiScanner } from './scanner.js';
export { mergePiiScans } from './merge.js';
export type { PiiChunkScan } from './merge.js';
export { formatPiiReport } from './report.js';
export { maskValue } from './mask.js';
export { resolvePolicy, DEFAULT_BLOCK_ENTITIES, DEFAULT_MIN_CONFIDENCE, DEFAULT_REPORT_CONFIDENCE } from './policy.js';
export { PII_ENTITIES, CHECKSUM_ENTITIES } from './types.js';
export type {
  PiiEntity,
  PiiFinding,
  PiiPolicy,
  PiiAllowRule,
  PiiScanOptions,
  PiiScanResult,
  FindingSeverity,
  SyntheticMatch,
} from './types.js';
