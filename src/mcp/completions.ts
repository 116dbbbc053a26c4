/**
 * completion/complete: ids a user would otherwise have to look up — run ids, template ids, schema ids,
 * formats, chart files — for prompt arguments and resource-template variables, matched by prefix.
 */
import { McpError, ErrorCode, type CompleteResult } from '@modelcontextprotocol/sdk/types.js';
import { OUTPUT_FORMATS } from '../generate/writers/index.js';
import type { Principal, SynthService } from '../service/index.js';
import { PROMPTS } from './prompts.js';
import { RESOURCE_TEMPLATES } from './uris.js';

const MAX_VALUES = 100;

export interface CompletionContext {
  readonly service: SynthService;
  readonly principal: Principal;
}

type Ref = { readonly type: 'ref/prompt'; readonly name: string } | { readonly type: 'ref/resource'; readonly uri: string };

function done(all: readonly string[], prefix: string): CompleteResult {
  const matching = all.filter((value) => value.toLowerCase().startsWith(prefix.toLowerCase()));
  return { completion: { values: matching.slice(0, MAX_VALUES), total: matching.length, hasMore: matching.length > MAX_VALUES } };
}

async function valuesFor(argument: string, context: CompletionContext, values: Readonly<Record<string, string>>): Promise<string[]> {
  const { service, principal } = context;
  switch (argument) {
    case 'runId':
      return (await service.listRuns(principal, { limit: 200 })).items.map((run) => run.id);
    case 'templateId':
      return ((await service.listDocuments(principal, 'templates', { limit: 200 })) as { items: Array<{ id: string }> }).items.map(
        (t) => t.id,
      );
    case 'schemaId':
      return ((await service.listSchemas(principal, { limit: 200 })) as { items: Array<{ id: string }> }).items.map((s) => s.id);
    case 'format':
      return [...OUTPUT_FORMATS];
    case 'file': {
      const runId = values.runId;
      if (runId === undefined) return [];
      const run = await service.getRun(principal, runId).catch(() => undefined);
      return run ? run.artifacts.filter((a) => a.kind === 'chart').map((a) => a.name) : [];
    }
    default:
      return [];
  }
}

export async function complete(
  ref: Ref,
  argument: { readonly name: string; readonly value: string },
  context: CompletionContext,
  known: Readonly<Record<string, string>> = {},
): Promise<CompleteResult> {
  if (ref.type === 'ref/prompt') {
    const prompt = PROMPTS.find((p) => p.name === ref.name);
    if (prompt === undefined) throw new McpError(ErrorCode.InvalidParams, `unknown prompt ${JSON.stringify(ref.name)}`);
    if (!(prompt.arguments ?? []).some((a) => a.name === argument.name)) return done([], argument.value);
  } else if (!RESOURCE_TEMPLATES.some((t) => t.uriTemplate === ref.uri)) {
    throw new McpError(ErrorCode.InvalidParams, `unknown resource template ${JSON.stringify(ref.uri)}`);
  }
  return done(await valuesFor(argument.name, context, known), argument.value);
}
