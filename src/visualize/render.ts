/**
 * Vega-Lite spec → SVG (Vega, headless) → PNG (resvg, with the bundled fonts), and data URIs.
 *
 *   spec ──vl.compile──▶ Vega spec ──vega.parse + View(renderer: none).toSVG()──▶ SVG ──resvg, zoom k──▶ PNG@k
 *
 * Vega, Vega-Lite and resvg load on first use (about 200 ms), so importing the library stays cheap for
 * callers that never draw. PNGs render off the main thread (resvg's renderAsync).
 */
import type { VegaLiteSpec } from './types.js';
import { fontSetup } from './fonts.js';

type VegaLite = typeof import('vega-lite');
type Vega = typeof import('vega');
type ResvgModule = typeof import('@resvg/resvg-js');

let engines: Promise<{ vl: VegaLite; vega: Vega }> | undefined;
let resvg: Promise<ResvgModule> | undefined;

function loadEngines(): Promise<{ vl: VegaLite; vega: Vega }> {
  engines ??= Promise.all([import('vega-lite'), import('vega')]).then(([vl, vega]) => ({ vl, vega }));
  return engines;
}

function loadResvg(): Promise<ResvgModule> {
  resvg ??= import('@resvg/resvg-js');
  return resvg;
}

/** Vega-Lite's and Vega's warnings go nowhere: the specs are ours, and a library must not write to the console. */
function silentLogger(vega: Vega): ReturnType<Vega['logger']> {
  const logger = vega.logger(vega.None);
  return logger;
}

export interface RenderedSvg {
  readonly svg: string;
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Gives the SVG a <title> and a <desc> (its alt text), so it speaks for itself when inlined or opened alone. */
function label(svg: string, title: string, alt: string): string {
  const end = svg.indexOf('>');
  if (!svg.startsWith('<svg') || end === -1) return svg;
  const head = svg
    .slice(0, end)
    .replace(/ role="[^"]*"/, '')
    .replace(/ aria-label="[^"]*"/, '');
  return `${head} role="img" aria-label="${escapeXml(alt)}"><title>${escapeXml(title)}</title><desc>${escapeXml(alt)}</desc>${svg.slice(end + 1)}`;
}

/** Vega writes positions with 17 significant digits; a hundredth of a pixel is plenty, and the SVG shrinks by a fifth. */
function roundPositions(svg: string): string {
  return svg.replace(
    /translate\((-?[0-9.]+),(-?[0-9.]+)\)/g,
    (_, x: string, y: string) => `translate(${+Number(x).toFixed(2)},${+Number(y).toFixed(2)})`,
  );
}

function dimension(svg: string, name: 'width' | 'height'): number {
  const match = new RegExp(`^<svg[^>]*\\s${name}="([0-9.]+)"`).exec(svg);
  return match ? Number(match[1]) : 0;
}

/**
 * Compiled and parsed charts by the shape of their spec (the spec without its inline rows and alt text). A
 * service draws the same few chart shapes run after run (one schema, one chart set): Vega-Lite's compile and
 * Vega's parse are half the cost of a chart and depend only on that shape, so they run once per shape. The
 * rows go in through a named data source, which yields the same scenegraph as inline values (tested).
 */
type Runtime = ReturnType<Vega['parse']>;
const TEMPLATE_LIMIT = 256;
const templates = new Map<string, Runtime>();
/** The named source a template's rows are bound to. */
const ROWS = 'sdg_rows';

/** Map as LRU: most recently used last, so the first key is the one to evict. */
function touch<T>(map: Map<string, T>, key: string, value: T, limit: number): void {
  map.delete(key);
  if (map.size >= limit) {
    map.delete(map.keys().next().value as string);
  }
  map.set(key, value);
}

function rowsOf(spec: VegaLiteSpec): unknown[] | undefined {
  const data = spec['data'];
  return typeof data === 'object' && data !== null && !Array.isArray(data) && Array.isArray((data as { values?: unknown }).values)
    ? (data as { values: unknown[] }).values
    : undefined;
}

export async function renderSvg(spec: VegaLiteSpec, title: string, alt: string): Promise<RenderedSvg> {
  const { vl, vega } = await loadEngines();
  const logger = silentLogger(vega);
  const rows = rowsOf(spec);
  const shape: Record<string, unknown> = { ...spec, description: '' };
  if (rows !== undefined) shape['data'] = { name: ROWS };
  const key = JSON.stringify(shape);
  let runtime = templates.get(key);
  if (runtime === undefined) {
    const compiled = vl.compile(shape as unknown as Parameters<VegaLite['compile']>[0], { logger }).spec;
    runtime = vega.parse(compiled);
  }
  touch(templates, key, runtime, TEMPLATE_LIMIT);
  // A fresh View per chart, not a reused one: a reused view joins new marks onto its old ones, which draws
  // the same picture with its elements in another order, and a chart's bytes must not depend on history.
  const view = new vega.View(runtime, { renderer: 'none', logger });
  try {
    if (rows !== undefined) view.data(ROWS, rows);
    const svg = label(roundPositions(await view.toSVG()), title, alt);
    return { svg, width: dimension(svg, 'width'), height: dimension(svg, 'height') };
  } finally {
    view.finalize();
  }
}

export interface RenderedPng {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export async function renderPng(svg: string, scale: number): Promise<RenderedPng> {
  const { renderAsync } = await loadResvg();
  const image = await renderAsync(svg, { fitTo: { mode: 'zoom', value: scale }, font: fontSetup(svg), background: 'white' });
  // A Buffer is a Uint8Array: no copy.
  return { png: image.asPng(), width: image.width, height: image.height };
}

export function dataUri(mime: 'image/svg+xml' | 'image/png', bytes: string | Uint8Array): string {
  const base64 = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8').toString('base64') : Buffer.from(bytes).toString('base64');
  return `data:${mime};base64,${base64}`;
}
