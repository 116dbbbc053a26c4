/** lint_schema: errors and warnings of a JSON Schema with pointers and fixes (as POST /api/lint). */
import type { JsonSchema } from '../../core/index.js';
import { plain } from '../content.js';
import type { McpTool } from './types.js';

export interface LintSchemaArgs {
  readonly schema: JsonSchema;
}

export const lintSchemaTool: McpTool<LintSchemaArgs> = {
  name: 'lint_schema',
  title: 'Lint a schema',
  description: [
    'Check a JSON Schema (draft-04 … 2020-12, plus the x- keywords) before generating from it: every problem comes with severity, a stable code, the JSON pointer of the place in the schema, a message and a hint saying how to fix it.',
    'Errors (e.g. minimum above maximum, an unresolvable $ref, a pattern that cannot match) stop generation; warnings (e.g. an unknown format) do not.',
    'Fix every error, then call generate_dataset with the same schema.',
  ].join(' '),
  inputSchema: {
    type: 'object',
    required: ['schema'],
    properties: { schema: { type: 'object', description: 'The JSON Schema to check (one row).' } },
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    required: ['valid', 'draft', 'issues'],
    properties: {
      valid: { type: 'boolean', description: 'False when any issue is an error.' },
      draft: { type: 'string', description: 'The JSON Schema draft the schema was read as.' },
      issues: {
        type: 'array',
        items: {
          type: 'object',
          required: ['severity', 'code', 'pointer', 'message', 'hint'],
          properties: {
            severity: { enum: ['error', 'warning'] },
            code: { type: 'string' },
            pointer: { type: 'string', description: 'JSON pointer into the schema.' },
            message: { type: 'string' },
            hint: { type: 'string', description: 'How to fix it.' },
          },
        },
      },
    },
  },
  annotations: { title: 'Lint a schema', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  permission: 'schemas:read',
  async run(args, context) {
    const result = context.service.lint(args.schema);
    const errors = result.issues.filter((i) => i.severity === 'error');
    const lines = result.issues
      .slice(0, 10)
      .map((i) => `${i.severity} ${i.code} at ${i.pointer === '' ? '#' : i.pointer}: ${i.message} — ${i.hint}`);
    return {
      summary:
        (errors.length === 0
          ? `The schema is valid (${result.draft}); ${result.issues.length} warning(s).`
          : `The schema has ${errors.length} error(s) and ${result.issues.length - errors.length} warning(s); fix the errors before generating.`) +
        (lines.length > 0 ? `\n${lines.join('\n')}` : ''),
      structured: plain(result),
    };
  },
};
