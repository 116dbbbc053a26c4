/** How runs look over HTTP: the stored record plus the URLs of everything it produced. */
import type { JsonValue } from '../core/index.js';
import type { RunRecord } from '../store/index.js';
import type { Chart } from '../visualize/index.js';

export interface ChartView {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly alt: string;
  readonly url: string;
  readonly svgUrl: string;
  readonly png2xUrl: string;
  readonly specUrl: string;
  readonly dataUri?: string;
}

function chartsOf(run: RunRecord, charts: readonly Chart[] | undefined, inline: boolean): ChartView[] {
  const base = `/api/runs/${run.id}/charts`;
  const names = new Set(run.artifacts.filter((a) => a.kind === 'chart').map((a) => a.name));
  const ids = [...names].filter((n) => n.endsWith('.svg')).map((n) => n.slice(0, -4));
  const byId = new Map((charts ?? []).map((c) => [c.id, c]));
  return ids.map((id) => {
    const chart = byId.get(id);
    const png = chart?.images.find((i) => i.scale === 1);
    return {
      id,
      kind: chart?.kind ?? id.split('-')[0]!,
      title: chart?.title ?? id,
      alt: chart?.alt ?? '',
      url: `${base}/${id}.png`,
      svgUrl: `${base}/${id}.svg`,
      png2xUrl: `${base}/${id}@2x.png`,
      specUrl: `${base}/${id}.vl.json`,
      ...(inline && png ? { dataUri: `data:image/png;base64,${Buffer.from(png.png).toString('base64')}` } : {}),
    };
  });
}

/** The run as the API returns it; charts and inline images only where asked for. */
export function runView(
  run: RunRecord,
  options: { charts?: readonly Chart[] | undefined; inline?: boolean } = {},
): Record<string, JsonValue | undefined> {
  const dataset = run.artifacts.find((a) => a.kind === 'dataset');
  return JSON.parse(
    JSON.stringify({
      runId: run.id,
      status: run.status,
      user: run.userId,
      role: run.role,
      rowCount: run.rowCount,
      seed: run.seed,
      format: run.format,
      schemaFingerprint: run.schemaFingerprint,
      schemaId: run.schemaId,
      schemaVersion: run.schemaVersion,
      templateId: run.templateId,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      durationMs: run.durationMs,
      timings: run.timings,
      dataUrl: dataset ? `/api/runs/${run.id}/${dataset.name}` : null,
      downloads: dataset
        ? Object.fromEntries(['jsonl', 'json', 'csv', 'parquet'].map((f) => [f, `/api/runs/${run.id}/dataset.${f}`]))
        : null,
      reportUrl: run.status === 'succeeded' ? `/api/runs/${run.id}/report.json` : null,
      reportHtmlUrl: run.status === 'succeeded' ? `/api/runs/${run.id}/report.html` : null,
      evaluation: run.evaluation,
      pii: run.pii,
      visualizations: chartsOf(run, options.charts, options.inline === true),
      error: run.error,
    }),
  ) as Record<string, JsonValue | undefined>;
}
