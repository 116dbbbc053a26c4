/**
 * Prompts for the common flows, as a client offers them (slash commands, a prompt picker): each one tells
 * the model which tools to call in which order and what to check, so a user gets the whole flow from one
 * pick. Arguments are strings (the protocol's rule); ids complete from the store (see completions.ts).
 */
import { McpError, ErrorCode, type GetPromptResult, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { Principal, SynthService } from '../service/index.js';
import { runSummary } from './runs.js';
import { uris } from './uris.js';

export interface PromptContext {
  readonly service: SynthService;
  readonly principal: Principal;
}

interface PromptDefinition extends Prompt {
  build(args: Readonly<Record<string, string>>, context: PromptContext): Promise<GetPromptResult>;
}

function rowCountOf(text: string | undefined, fallback: number): number {
  const value = text === undefined || text.trim() === '' ? fallback : Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new McpError(ErrorCode.InvalidParams, `rowCount must be a whole number ≥ 0, got ${JSON.stringify(text)}`);
  return value;
}

function required(args: Readonly<Record<string, string>>, name: string, prompt: string): string {
  const value = args[name];
  if (value === undefined || value.trim() === '')
    throw new McpError(ErrorCode.InvalidParams, `prompt ${prompt} needs the argument ${name}`);
  return value;
}

function userText(text: string): GetPromptResult['messages'][number] {
  return { role: 'user', content: { type: 'text', text } };
}

const generateTestData: PromptDefinition = {
  name: 'generate_test_data',
  title: 'Generate test data for a schema',
  description:
    'Generate synthetic test data from a JSON Schema (or from a description of the data): lint, generate, check the PII verdict and quality, show the first rows.',
  arguments: [
    { name: 'schema', description: 'A JSON Schema for one row, or a description of the data in words.', required: true },
    { name: 'rowCount', description: 'How many rows (default 100).', required: false },
    { name: 'format', description: 'jsonl, json, csv or parquet (default jsonl).', required: false },
  ],
  async build(args) {
    const schema = required(args, 'schema', 'generate_test_data');
    const rowCount = rowCountOf(args.rowCount, 100);
    const format = args.format?.trim() || 'jsonl';
    let isJson = false;
    try {
      isJson = typeof JSON.parse(schema) === 'object';
    } catch {
      isJson = false;
    }
    const first = isJson
      ? `Here is the JSON Schema for one row:\n\n\`\`\`json\n${schema}\n\`\`\``
      : `Write a JSON Schema (draft 2020-12) for one row of this data, using formats, enums, ranges and x-faker/x-distribution where they make values realistic: ${schema}`;
    return {
      description: `Generate ${rowCount} rows of test data`,
      messages: [
        userText(
          `${first}\n\nThen, with the SynthDataGen tools:\n` +
            `1. Call lint_schema with the schema and fix every error it reports (each has a pointer and a hint).\n` +
            `2. Call generate_dataset with the schema, rowCount ${rowCount}, format "${format}" and seed 1.\n` +
            `3. Report the PII verdict (it must be clean) and the evaluation status; if either is not good, say why from the findings and checks and fix the schema.\n` +
            `4. Show the preview rows as a table and give me the dataset resource link.`,
        ),
      ],
    };
  },
};

const synthesizeFromSample: PromptDefinition = {
  name: 'synthesize_from_sample',
  title: 'Make a synthetic twin of a sample',
  description: 'Learn a schema from a real sample, generate synthetic data like it, and prove it is similar and leaks nothing.',
  arguments: [
    { name: 'sample', description: 'The sample as text: CSV with a header, a JSON array, or JSON Lines.', required: true },
    { name: 'rowCount', description: 'How many synthetic rows (default 1000).', required: false },
  ],
  async build(args) {
    const sample = required(args, 'sample', 'synthesize_from_sample');
    const rowCount = rowCountOf(args.rowCount, 1000);
    return {
      description: 'Synthetic twin of a sample',
      messages: [
        userText(
          `Make a synthetic version of this sample with SynthDataGen:\n\n\`\`\`\n${sample}\n\`\`\`\n\n` +
            `1. Call infer_schema with the sample text and tell me what it inferred per column (types, ranges, which columns look personal).\n` +
            `2. Call run_pipeline with sample {"text": <the sample>}, rowCount ${rowCount}, seed 1: it generates from the inferred model and evaluates against the sample.\n` +
            `3. Check the PII verdict (copied values or rows from the sample block it) and the evaluation: quality, column shapes, column-pair trends, exact-copy rate.\n` +
            `4. Show the charts that compare real and synthetic, and summarise in three sentences whether the synthetic data is fit to share.`,
        ),
      ],
    };
  },
};

const reviewRun: PromptDefinition = {
  name: 'review_run',
  title: 'Review a run',
  description: "Explain a run's quality report and PII findings and propose schema changes that would fix what failed.",
  arguments: [{ name: 'runId', description: 'The run to review (run_…).', required: true }],
  async build(args, context) {
    const runId = required(args, 'runId', 'review_run');
    const run = await context.service.getRun(context.principal, runId);
    return {
      description: `Review of run ${run.id}`,
      messages: [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: { uri: uris.run(run.id), mimeType: 'application/json', text: JSON.stringify(runSummary(run), null, 2) },
          },
        },
        userText(
          `Review this SynthDataGen run. Read its report (${uris.report(run.id, 'json')}) and, if useful, its charts (get_run with chartImages).\n` +
            `Explain the evaluation status and every failing or warning check in plain words, then the PII verdict and each finding with its remediation.\n` +
            `End with concrete changes to the schema (as a JSON patch or an edited schema) that would fix them, and offer to rerun with generate_dataset.`,
        ),
      ],
    };
  },
};

const fromTemplate: PromptDefinition = {
  name: 'generate_from_template',
  title: 'Generate from a template',
  description: 'Generate a dataset from a saved template and summarise it.',
  arguments: [
    { name: 'templateId', description: 'The template (list_schema_templates).', required: true },
    { name: 'rowCount', description: 'How many rows (default: the template’s).', required: false },
  ],
  async build(args, context) {
    const templateId = required(args, 'templateId', 'generate_from_template');
    const template = (await context.service.getDocument(context.principal, 'templates', templateId)) as {
      name?: string;
      content?: { rowCount?: unknown };
    };
    const fallback = typeof template.content?.rowCount === 'number' ? template.content.rowCount : 1000;
    const rowCount = rowCountOf(args.rowCount, fallback);
    return {
      description: `Generate from template ${template.name ?? templateId}`,
      messages: [
        userText(
          `Call generate_dataset with templateId "${templateId}" and rowCount ${rowCount}. Then report the PII verdict and evaluation status, show the preview rows as a table, and give me the dataset resource link.`,
        ),
      ],
    };
  },
};

export const PROMPTS: readonly PromptDefinition[] = [generateTestData, synthesizeFromSample, reviewRun, fromTemplate];

export function listPrompts(): { prompts: Prompt[] } {
  return { prompts: PROMPTS.map(({ build: _build, ...prompt }) => prompt) };
}

export async function getPrompt(name: string, args: Readonly<Record<string, string>>, context: PromptContext): Promise<GetPromptResult> {
  const prompt = PROMPTS.find((p) => p.name === name);
  if (prompt === undefined)
    throw new McpError(
      ErrorCode.InvalidParams,
      `unknown prompt ${JSON.stringify(name)}; the prompts are ${PROMPTS.map((p) => p.name).join(', ')}`,
    );
  return prompt.build(args, context);
}
