/** Small helpers the tool files share. */
import type { JsonSchemaObject } from '../../core/index.js';

/** A run-shaped output schema with the preview added. */
export function withPreview(base: JsonSchemaObject, preview: JsonSchemaObject): JsonSchemaObject & { type: 'object' } {
  return { ...base, type: 'object', properties: { ...(base.properties as object), preview } };
}
