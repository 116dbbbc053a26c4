/**
 * Resources: runs and what they produced (reports, datasets, charts, schemas), library schemas and
 * templates, under `synthdatagen://` (see uris.ts). resources/list pages through the run history;
 * resources/templates/list names every shape of URI. Reads pass the same permission checks as the REST
 * downloads, datasets honour the PII block, and report and dataset reads are audited as exports.
 */
import type { ListResourcesResult, ReadResourceResult, Resource } from '@modelcontextprotocol/sdk/types.js';
import { SdgError } from '../core/index.js';
import type { OutputFormat } from '../generate/writers/index.js';
import { MEDIA_TYPES } from '../pipeline/index.js';
import type { Principal, SynthService } from '../service/index.js';
import type { RunRecord } from '../store/index.js';
import { formatBytes } from './content.js';
import { runSummary } from './runs.js';
import { parseUri, uris, RESOURCE_TEMPLATES } from './uris.js';

export interface ResourceContext {
  readonly service: SynthService;
  readonly principal: Principal;
  readonly maxResourceBytes: number;
}

const TEXT_TYPES = /^(text\/|application\/(json|x-ndjson|jsonl|ld\+json))/;

function unknownUri(uri: string): SdgError {
  return new SdgError('SDG_ERR_NOT_FOUND', `no resource ${uri}`, {
    hint: `URIs look like ${RESOURCE_TEMPLATES.map((t) => t.uriTemplate).join(', ')}; list runs with resources/list or the list_runs tool`,
  });
}

function contents(uri: string, mimeType: string, bytes: Buffer): ReadResourceResult {
  if (TEXT_TYPES.test(mimeType)) return { contents: [{ uri, mimeType, text: bytes.toString('utf8') }] };
  return { contents: [{ uri, mimeType, blob: bytes.toString('base64') }] };
}

function tooLarge(uri: string, size: number, limit: number, run: RunRecord): SdgError {
  return new SdgError(
    'SDG_ERR_PAYLOAD_TOO_LARGE',
    `${uri} is ${formatBytes(size)}, above the ${formatBytes(limit)} an MCP read may return`,
    {
      hint: `download it over HTTP (GET /api/runs/${run.id}/dataset.${run.format}) or from the artifact folder, or generate fewer rows`,
    },
  );
}

/** One page of the run history as resources (newest first). */
export async function listResources(context: ResourceContext, cursor: string | undefined): Promise<ListResourcesResult> {
  const page = await context.service.listRuns(context.principal, { limit: 50, ...(cursor ? { cursor } : {}) });
  const resources: Resource[] = page.items.map((run) => ({
    uri: uris.run(run.id),
    name: run.id,
    title: `Run ${run.id}: ${run.rowCount} rows ${run.format}, ${run.status}`,
    description: `Pipeline run created ${run.createdAt} by ${run.userId ?? 'unknown'}; status ${run.status}${run.piiVerdict ? `, PII ${run.piiVerdict}` : ''}${run.evaluationStatus ? `, quality ${run.evaluationStatus}` : ''}.`,
    mimeType: 'application/json',
  }));
  return { resources, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export function listResourceTemplates(): { resourceTemplates: Array<(typeof RESOURCE_TEMPLATES)[number]> } {
  return { resourceTemplates: [...RESOURCE_TEMPLATES] };
}

async function artifactOf(
  service: SynthService,
  principal: Principal,
  runId: string,
  name: string,
): Promise<{ run: RunRecord; bytes: Buffer; mediaType: string; digest: string }> {
  const { artifact, run } = await service.artifact(principal, runId, name);
  const bytes = await service.artifacts.get(artifact.digest);
  if (bytes === undefined) throw new SdgError('SDG_ERR_NOT_FOUND', `${artifact.name} of run ${run.id} is missing from the artifact store`);
  return { run, bytes, mediaType: artifact.mediaType, digest: artifact.digest };
}

async function readDataset(context: ResourceContext, uri: string, runId: string, format: OutputFormat): Promise<ReadResourceResult> {
  const { service, principal } = context;
  const run = await service.getRun(principal, runId);
  const stored = run.artifacts.find((a) => a.kind === 'dataset');
  if (stored === undefined || run.status !== 'succeeded')
    throw new SdgError('SDG_ERR_CONFLICT', `run ${run.id} is ${run.status}; it has no dataset`, {
      hint: run.status === 'failed' ? 'see the run for its error' : 'wait for the run to finish (get_run)',
    });
  await service.checkDownload(principal, run);
  if (stored.name === `dataset.${format}`) {
    if (stored.size > context.maxResourceBytes) throw tooLarge(uri, stored.size, context.maxResourceBytes, run);
    const bytes = await service.artifacts.get(stored.digest);
    if (bytes === undefined) throw new SdgError('SDG_ERR_NOT_FOUND', `the dataset of run ${run.id} is missing from the artifact store`);
    await service.recordExport(principal, run, { kind: 'dataset', format, digest: stored.digest });
    return contents(uri, stored.mediaType, bytes);
  }
  // Another format: the same rows regenerated from the run's schema and seed, bounded like a stored one.
  if (stored.size > context.maxResourceBytes) throw tooLarge(uri, stored.size, context.maxResourceBytes, run);
  const chunks: Buffer[] = [];
  await service.writeConverted(run, format, { write: (chunk) => void chunks.push(Buffer.from(chunk as Uint8Array | string)) });
  await service.recordExport(principal, run, { kind: 'dataset', format });
  return contents(uri, MEDIA_TYPES[format], Buffer.concat(chunks));
}

/** resources/read for any `synthdatagen://` URI. */
export async function readResource(context: ResourceContext, uri: string): Promise<ReadResourceResult> {
  const { service, principal } = context;
  const parsed = parseUri(uri);
  if (parsed === undefined) throw unknownUri(uri);
  const route = `mcp:${uri}`;
  switch (parsed.kind) {
    case 'run': {
      const run = await service.getRun(principal, parsed.runId);
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(runSummary(run), null, 2) }] };
    }
    case 'report':
    case 'schema': {
      await service.authorize(principal, 'runs:download', { method: 'resources/read', route });
      const name = parsed.kind === 'schema' ? 'schema.json' : `report.${parsed.format}`;
      const found = await artifactOf(service, principal, parsed.runId, name);
      if (parsed.kind === 'report')
        await service.recordExport(principal, found.run, { kind: 'report', format: parsed.format, digest: found.digest });
      return contents(uri, found.mediaType, found.bytes);
    }
    case 'chart': {
      await service.authorize(principal, 'runs:download', { method: 'resources/read', route });
      const found = await artifactOf(service, principal, parsed.runId, parsed.file);
      return contents(uri, found.mediaType, found.bytes);
    }
    case 'dataset':
      await service.authorize(principal, 'runs:download', { method: 'resources/read', route });
      return readDataset(context, uri, parsed.runId, parsed.format);
    case 'library-schema': {
      const schema = await service.getSchema(principal, parsed.schemaId);
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(schema, null, 2) }] };
    }
    case 'template': {
      const template = await service.getDocument(principal, 'templates', parsed.templateId);
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(template, null, 2) }] };
    }
  }
}
