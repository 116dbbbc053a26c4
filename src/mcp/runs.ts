/**
 * Runs as MCP shows them: the stored record with `synthdatagen://` URIs for everything it produced, a
 * preview of its first rows, and its charts. Reading rows or chart images is a download, so it passes the
 * same checks as REST (runs:download, the PII block) and rows are audited as an export.
 */
import { createInterface } from 'node:readline';
import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import { SdgError, isPlainObject, type JsonObject, type JsonSchema, type JsonValue } from '../core/index.js';
import { generate } from '../generate/index.js';
import type { Principal, SynthService } from '../service/index.js';
import type { RunRecord } from '../store/index.js';
import { formatBytes, pngImage, resourceLink } from './content.js';
import { uris } from './uris.js';

export interface ChartMeta {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly alt: string;
}

function chartIds(run: RunRecord): string[] {
  return run.artifacts.filter((a) => a.kind === 'chart' && a.name.endsWith('.svg')).map((a) => a.name.slice(0, -4));
}

/** The run with URIs in place of REST paths: what get_run, list_runs and the run resource return. */
export function runSummary(run: RunRecord): JsonObject {
  const dataset = run.artifacts.find((a) => a.kind === 'dataset');
  const succeeded = run.status === 'succeeded';
  return JSON.parse(
    JSON.stringify({
      runId: run.id,
      status: run.status,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      durationMs: run.durationMs,
      user: run.userId,
      role: run.role,
      rowCount: run.rowCount,
      seed: run.seed,
      format: run.format,
      schemaFingerprint: run.schemaFingerprint,
      schemaId: run.schemaId,
      schemaVersion: run.schemaVersion,
      templateId: run.templateId,
      evaluation: run.evaluation,
      pii: run.pii,
      error: run.error,
      timings: run.timings,
      resources: {
        run: uris.run(run.id),
        dataset: dataset ? uris.dataset(run.id, dataset.name.replace(/^dataset\./, '')) : null,
        datasetBytes: dataset ? dataset.size : null,
        reportJson: succeeded ? uris.report(run.id, 'json') : null,
        reportHtml: succeeded ? uris.report(run.id, 'html') : null,
        schema: run.artifacts.some((a) => a.kind === 'schema') ? uris.schema(run.id) : null,
        charts: chartIds(run).map((id) => ({
          id,
          png: uris.chart(run.id, `${id}.png`),
          svg: uris.chart(run.id, `${id}.svg`),
          vegaLite: uris.chart(run.id, `${id}.vl.json`),
        })),
      },
    }),
  ) as JsonObject;
}

/** One line of a run list. */
export function runListItem(run: RunRecord): JsonObject {
  return {
    runId: run.id,
    status: run.status,
    createdAt: run.createdAt,
    rowCount: run.rowCount,
    format: run.format,
    seed: run.seed,
    evaluationStatus: run.evaluationStatus,
    piiVerdict: run.piiVerdict,
    schemaId: run.schemaId,
    templateId: run.templateId,
    user: run.userId,
    uri: uris.run(run.id),
  };
}

export function runHeadline(run: RunRecord): string {
  const parts = [`Run ${run.id} ${run.status}: ${run.rowCount} rows, ${run.format}, seed ${JSON.stringify(run.seed ?? 0)}`];
  if (run.piiVerdict) parts.push(`PII ${run.piiVerdict}`);
  if (run.evaluationStatus) {
    const summary = isPlainObject(run.evaluation) && isPlainObject(run.evaluation.summary) ? run.evaluation.summary : undefined;
    const quality = typeof summary?.quality === 'number' ? ` (quality ${summary.quality.toFixed(2)})` : '';
    parts.push(`quality ${run.evaluationStatus}${quality}`);
  }
  if (run.error) parts.push(`error ${run.error.code}: ${run.error.message}`);
  return `${parts.join('; ')}.`;
}

/** Links to what a finished run produced: the dataset and both reports. */
export function runLinks(run: RunRecord): ContentBlock[] {
  const links: ContentBlock[] = [];
  const dataset = run.artifacts.find((a) => a.kind === 'dataset');
  if (dataset) {
    const format = dataset.name.replace(/^dataset\./, '');
    links.push(
      resourceLink(
        uris.dataset(run.id, format),
        dataset.name,
        dataset.mediaType,
        `The dataset: ${run.rowCount} rows, ${format}, ${formatBytes(dataset.size)}`,
        dataset.size,
      ),
    );
  }
  for (const format of ['json', 'html'] as const) {
    const report = run.artifacts.find((a) => a.name === `report.${format}`);
    if (report) {
      links.push(
        resourceLink(
          uris.report(run.id, format),
          report.name,
          report.mediaType,
          `The quality report (${format.toUpperCase()})`,
          report.size,
        ),
      );
    }
  }
  return links;
}

async function readSchema(service: SynthService, run: RunRecord): Promise<JsonSchema | undefined> {
  const artifact = run.artifacts.find((a) => a.kind === 'schema');
  const bytes = artifact ? await service.artifacts.get(artifact.digest) : undefined;
  return bytes === undefined ? undefined : (JSON.parse(bytes.toString('utf8')) as JsonSchema);
}

async function firstJsonlRows(service: SynthService, digest: string, count: number): Promise<JsonValue[] | undefined> {
  const opened = await service.artifacts.open(digest);
  if (opened === undefined) return undefined;
  const rows: JsonValue[] = [];
  const lines = createInterface({ input: opened.stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      rows.push(JSON.parse(line) as JsonValue);
      if (rows.length >= count) break;
    }
  } finally {
    lines.close();
    opened.stream.destroy();
  }
  return rows;
}

export type Preview = { readonly rows: JsonValue[]; readonly truncated: boolean } | { readonly withheld: string };

/**
 * The first `count` rows of a succeeded run. JSON Lines datasets are read as stored; other formats are
 * regenerated from the run's schema and seed (row i depends only on schema, seed and i, so these are the
 * stored rows). Withheld, with the reason, when the PII verdict blocks downloads.
 */
export async function previewRows(service: SynthService, principal: Principal, run: RunRecord, count: number): Promise<Preview | null> {
  if (count <= 0 || run.status !== 'succeeded') return null;
  try {
    await service.checkDownload(principal, run);
  } catch (error) {
    if (error instanceof SdgError && error.code === 'PII_BLOCKED') return { withheld: `${error.message}; ${error.hint ?? ''}`.trim() };
    throw error;
  }
  const take = Math.min(count, run.rowCount);
  const dataset = run.artifacts.find((a) => a.kind === 'dataset');
  let rows: JsonValue[] | undefined;
  if (dataset?.name === 'dataset.jsonl') rows = await firstJsonlRows(service, dataset.digest, take);
  if (rows === undefined) {
    const schema = await readSchema(service, run);
    if (schema === undefined) return null;
    rows = [...generate(schema, { seed: run.seed ?? 0, count: take })];
  }
  // Rows shown to a client have left the server: audited like a download, with the rows actually shown.
  await service.recordExport(principal, { ...run, rowCount: rows.length }, { kind: 'dataset', format: 'json' });
  return { rows, truncated: run.rowCount > rows.length };
}

/** Titles and alt texts of a run's charts, from its report (ids alone when the report is missing). */
export async function chartsOf(service: SynthService, run: RunRecord): Promise<ChartMeta[]> {
  const report = run.artifacts.find((a) => a.name === 'report.json');
  const bytes = report ? await service.artifacts.get(report.digest) : undefined;
  const listed = bytes ? (JSON.parse(bytes.toString('utf8')) as { charts?: unknown }).charts : undefined;
  const byId = new Map<string, ChartMeta>();
  if (Array.isArray(listed)) {
    for (const chart of listed) {
      if (isPlainObject(chart) && typeof chart.id === 'string')
        byId.set(chart.id, {
          id: chart.id,
          kind: String(chart.kind ?? ''),
          title: String(chart.title ?? chart.id),
          alt: String(chart.alt ?? ''),
        });
    }
  }
  return chartIds(run).map((id) => byId.get(id) ?? { id, kind: id.split('-')[0]!, title: id, alt: '' });
}

/**
 * Up to `limit` of a run's charts as PNG image blocks, each after a line with its title and alt text (image
 * content has no alt field); the rest as resource links. Needs runs:download, like the chart routes.
 */
export async function chartBlocks(
  service: SynthService,
  principal: Principal,
  run: RunRecord,
  limit: number,
  route: string,
): Promise<ContentBlock[]> {
  const charts = await chartsOf(service, run);
  if (charts.length === 0) return [];
  await service.authorize(principal, 'runs:download', { method: 'tools/call', route });
  const blocks: ContentBlock[] = [];
  for (const [index, chart] of charts.entries()) {
    let png = run.artifacts.find((a) => a.name === `${chart.id}.png`);
    if (index < limit) {
      // Drawn on first request when the run did not render it (see SynthService.artifact).
      png ??= (await service.artifact(principal, run.id, `${chart.id}.png`)).artifact;
      const bytes = await service.artifacts.get(png.digest);
      if (bytes) {
        blocks.push({ type: 'text', text: `Chart ${chart.id}: ${chart.title}. ${chart.alt}`.trim() }, pngImage(bytes));
        continue;
      }
    }
    blocks.push(
      resourceLink(uris.chart(run.id, `${chart.id}.png`), `${chart.id}.png`, 'image/png', `${chart.title}. ${chart.alt}`.trim(), png?.size),
    );
  }
  return blocks;
}
