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

export async function renderSvg(spec: VegaLiteSpec, title: string, alt: string): Promise<RenderedSvg> {
  const { vl, vega } = await loadEngines();
  const logger = silentLogger(vega);
  const compiled = vl.compile(spec as unknown as Parameters<VegaLite['compile']>[0], { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
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
  const image = await renderAsync(svg, { fitTo: { mode: 'zoom', value: scale }, font: fontSetup(), background: 'white' });
  // A Buffer is a Uint8Array: no copy.
  return { png: image.asPng(), width: image.width, height: image.height };
}

export function dataUri(mime: 'image/svg+xml' | 'image/png', bytes: string | Uint8Array): string {
  const base64 = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8').toString('base64') : Buffer.from(bytes).toString('base64');
  return `data:${mime};base64,${base64}`;
}
