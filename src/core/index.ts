export { Rng, mix32, hashString, seedKey } from './rng.js';
export { SdgError, isSdgError, ERROR_CODES } from './errors.js';
export type { ErrorCode, ErrorSpec, SdgErrorDetails } from './errors.js';
export { canonicalJson, sha256Hex, fingerprint } from './canonical.js';
export { escapePointerToken, unescapePointerToken, appendPointer, parsePointer, getByPointer } from './json-pointer.js';
export { isPlainObject } from './types.js';
export type { JsonPrimitive, JsonValue, JsonObject, JsonSchema, JsonSchemaObject } from './types.js';
