/** scan_pii: the PII scan of any data, with the leak check against a real sample (SynthService.scanData). */
import type { PiiPolicy } from '../../pii/index.js';
import { PII_ENTITIES } from '../../pii/index.js';
import type { DataInput } from '../../service/index.js';
import { evaluateBodySchema, pipelineOptionsSchema } from '../../service/schemas.js';
import { plain } from '../content.js';
import type { McpTool } from './types.js';

export type ScanPiiArgs = DataInput & { readonly reference?: unknown; readonly columns?: readonly string[]; readonly policy?: PiiPolicy };

const body = evaluateBodySchema.properties as Record<string, Record<string, unknown>>;
const pii = (pipelineOptionsSchema.properties as Record<string, Record<string, unknown>>).pii!;

const findingSchema = {
  type: 'object',
  required: ['column', 'entity', 'severity', 'count', 'confidence', 'maskedExample', 'remediation'],
  properties: {
    column: { type: 'string', description: 'Dotted column path; * for whole-row copies.' },
    entity: { enum: [...PII_ENTITIES] },
    severity: { enum: ['blocking', 'warning'] },
    count: { type: 'integer', description: 'Rows with at least one match.' },
    share: { type: 'number' },
    estimated: { type: 'boolean' },
    confidence: { type: 'number' },
    exampleRows: { type: 'array', items: { type: 'integer' } },
    maskedExample: { type: 'string', description: 'One match, masked (never the raw value).' },
    where: { enum: ['cell', 'text', 'cell+text'] },
    reasons: { type: 'array', items: { type: 'string' } },
    referenceColumn: { type: 'string' },
    remediation: { type: 'string', description: 'How to fix it.' },
    allowed: { type: 'boolean' },
  },
};

export const scanPiiTool: McpTool<ScanPiiArgs> = {
  name: 'scan_pii',
  title: 'Scan data for personal data',
  description: [
    'Scan a dataset for personal data (emails, phones, card numbers, IBANs, SSNs, IPs, names, street addresses, dates of birth…) and, with reference, for values or whole rows copied from a real sample.',
    'Returns verdict clean or blocked; each finding names the column, entity, how many rows, a masked example (raw values never appear) and a remediation.',
    'Values inside the safe synthetic spaces SynthDataGen generates from (example.com addresses, fictional phone ranges, test card numbers…) are recognised as synthetic, not flagged.',
    'Give the data as exactly one of runId, rows or text (CSV/JSON/JSONL). policy.allow accepts a finding a person has reviewed ({column, entity}).',
  ].join(' '),
  inputSchema: {
    type: 'object',
    properties: {
      runId: body.runId!,
      rows: { type: 'array', items: { type: 'object' }, description: 'The rows inline (objects).' },
      text: { type: 'string', description: 'A CSV, JSON or JSON Lines file as text.' },
      format: { enum: ['csv', 'json', 'jsonl'], description: 'Format of text (default: sniffed).' },
      reference: {
        ...body.reference!,
        description: 'The real sample the data was made from ({rows:[…]} or {text:"…"}): values and rows copied from it block.',
      },
      columns: { type: 'array', items: { type: 'string' }, description: 'Scan only these columns (dotted paths); default every column.' },
      policy: {
        ...pii,
        properties: {
          ...(pii.properties as object),
          block: { type: 'boolean', description: 'false: report only, the verdict never blocks.' },
        },
      },
    },
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    required: ['verdict', 'wouldBlock', 'rowsScanned', 'columnsScanned', 'findings', 'synthetic', 'policy'],
    properties: {
      verdict: { enum: ['clean', 'blocked'], description: 'blocked: real-looking personal data or copies of the reference were found.' },
      wouldBlock: { type: 'boolean', description: 'Whether findings would block under the default policy.' },
      rowsScanned: { type: 'integer' },
      columnsScanned: { type: 'integer' },
      findings: { type: 'array', items: findingSchema, description: 'Blocking findings first, then by confidence.' },
      synthetic: {
        type: 'array',
        description: 'Values recognised as lying in a safe synthetic space, per column and entity.',
        items: { type: 'object', properties: { column: { type: 'string' }, entity: { type: 'string' }, count: { type: 'integer' } } },
      },
      reference: { type: 'object', description: 'Present when a reference sample was given.' },
      policy: { type: 'object', description: 'The policy as applied (defaults filled in).' },
    },
  },
  annotations: { title: 'Scan data for personal data', readOnlyHint: true, openWorldHint: false },
  permission: 'evaluate',
  async run(args, context) {
    const result = await context.service.scanData(context.principal, args);
    const blocking = result.findings.filter((f) => f.severity === 'blocking');
    const lines = result.findings
      .slice(0, 5)
      .map((f) => `${f.column}: ${f.entity} in ${f.count} row(s), ${f.severity} (e.g. ${f.maskedExample}) — ${f.remediation}`);
    return {
      summary:
        `PII verdict ${result.verdict}: ${result.rowsScanned} rows, ${result.columnsScanned} columns scanned; ${result.findings.length} finding(s), ${blocking.length} blocking.` +
        (lines.length > 0 ? `\n${lines.join('\n')}` : ''),
      structured: plain(result),
    };
  },
};
