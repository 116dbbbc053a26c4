/**
 * Charts are drawn from compiled templates cached by spec shape (render.ts): the SVG must be exactly what Vega
 * draws from the inline spec, on the first draw of a shape and on every later draw with other rows.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { visualize, type Chart } from '../../src/visualize/index.js';
import { customers } from './helpers.js';

/** What Vega draws from the spec as it stands (inline rows), with no template. */
async function inlineSvg(chart: Chart): Promise<string> {
  const logger = vega.logger(vega.None);
  const compiled = vl.compile(chart.spec as unknown as vl.TopLevelSpec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * The drawing itself: without the root's label (render.ts replaces it), rounded as render.ts rounds, and with
 * gradient ids numbered from 0 (Vega numbers them from a process-wide counter).
 */
function body(svg: string): string {
  const ids = new Map<string, string>();
  return svg
    .slice(svg.indexOf('>') + 1)
    .replace(/gradient_[0-9]+/g, (id) => ids.get(id) ?? (ids.set(id, `gradient#${ids.size}`), `gradient#${ids.size - 1}`))
    .replace(/^<title>[^<]*<\/title><desc>[^<]*<\/desc>/, '')
    .replace(
      /translate\((-?[0-9.]+),(-?[0-9.]+)\)/g,
      (_, x: string, y: string) => `translate(${+Number(x).toFixed(2)},${+Number(y).toFixed(2)})`,
    );
}

describe('chart templates', () => {
  it('draw every chart kind, plain and real-vs-synthetic, exactly as the inline spec draws', async () => {
    const reference = customers(400, 7);
    const first = await visualize(customers(600, 1), { scale: [], reference });
    // Same shapes, other rows: every chart now comes from a cached template.
    const second = await visualize(customers(900, 2), { scale: [], reference: customers(300, 8) });
    expect(first.charts.length).toBeGreaterThan(5);
    for (const result of [first, second])
      for (const chart of result.charts) {
        // Compared as booleans: a failure would otherwise print two 40-kB SVGs.
        const same = body(chart.svg as string) === body(await inlineSvg(chart));
        expect(same, `${chart.id} differs from the inline spec's drawing`).toBe(true);
      }
    const kinds = new Set(first.charts.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['correlation', 'histogram', 'nulls', 'scatter', 'values']);
  });

  it('keep the alt text of each draw, not of the draw that made the template', async () => {
    const a = await visualize(customers(500, 3), { scale: [], charts: ['histogram'], columns: ['age'] });
    const b = await visualize(customers(700, 4), { scale: [], charts: ['histogram'], columns: ['age'] });
    const [chartA, chartB] = [a.charts[0] as Chart, b.charts[0] as Chart];
    expect(chartA.alt).not.toBe(chartB.alt);
    expect(chartB.svg).toContain(
      `<desc>${chartB.alt.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</desc>`,
    );
    expect(chartB.svg).not.toContain(chartA.alt);
  });

  it('draw a message chart (nothing to draw) from a template too', async () => {
    const empty = await visualize([], { scale: [] });
    const again = await visualize([], { scale: [] });
    expect(again.charts.map((c) => c.svg)).toEqual(empty.charts.map((c) => c.svg));
    for (const chart of again.charts) expect(body(chart.svg as string)).toBe(body(await inlineSvg(chart)));
  });
});
