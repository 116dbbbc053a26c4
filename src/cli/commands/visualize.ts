/**
 * `synthdatagen visualize DATA [--reference SAMPLE] --out DIR`: the charts of a data set, each as its Vega-Lite
 * spec (ID.vl.json), SVG (ID.svg) and PNG at every --scale (ID.png at 1×, ID@2x.png at 2×, …), with
 * DIR/index.json (ids, titles, alt texts, files, and the charts skipped with why) and DIR/index.html to look
 * at them all.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Chart, VisualizeResult } from '../../visualize/index.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import { listOption, makeOutDir, parseCharts, parseDataFormat, readDataInputs, usage, writeOut } from './report.js';

interface VisualizeFlags {
  readonly out?: string;
  readonly reference?: string;
  readonly schema?: string;
  readonly dataFormat?: string;
  readonly charts?: string;
  readonly columns?: string;
  readonly scale?: string;
  readonly width?: string;
  readonly height?: string;
  readonly top?: string;
}

function positiveInteger(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw usage(`${option} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function parseScales(text: string | undefined): number[] {
  const list = listOption(text) ?? ['1', '2'];
  return list.map((item) => {
    const scale = Number(item);
    if (!(scale > 0 && scale <= 8))
      throw usage(`--scale takes numbers above 0 and at most 8, got ${JSON.stringify(item)}`, 'e.g. --scale 1,2');
    return scale;
  });
}

/** File name of a chart's PNG at a scale: ID.png at 1×, ID@2x.png at 2×. */
export function pngName(id: string, scale: number): string {
  return scale === 1 ? `${id}.png` : `${id}@${scale}x.png`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function indexEntry(chart: Chart): Record<string, unknown> {
  return {
    id: chart.id,
    kind: chart.kind,
    columns: chart.columns,
    compared: chart.compared,
    title: chart.title,
    alt: chart.alt,
    notes: chart.notes,
    ...(chart.empty === undefined ? {} : { empty: chart.empty }),
    width: chart.width,
    height: chart.height,
    files: {
      spec: `${chart.id}.vl.json`,
      svg: `${chart.id}.svg`,
      png: Object.fromEntries(chart.images.map((image) => [`${image.scale}x`, pngName(chart.id, image.scale)])),
    },
  };
}

function indexHtml(result: VisualizeResult, dataName: string): string {
  const figures = result.charts
    .map((chart) => {
      const src = chart.images.length > 0 ? pngName(chart.id, chart.images[0]!.scale) : `${chart.id}.svg`;
      const srcset = chart.images.map((image) => `${pngName(chart.id, image.scale)} ${image.scale}x`).join(', ');
      return (
        `<figure><img src="${escapeHtml(src)}"${srcset ? ` srcset="${escapeHtml(srcset)}"` : ''} width="${chart.width}" height="${chart.height}" alt="${escapeHtml(chart.alt)}">` +
        `<figcaption>${escapeHtml(chart.title)} — <a href="${escapeHtml(chart.id)}.svg">SVG</a> · <a href="${escapeHtml(chart.id)}.vl.json">Vega-Lite</a></figcaption></figure>`
      );
    })
    .join('\n');
  const skipped = result.skipped.map((s) => `<li>${escapeHtml(s.columns.join(', ') || s.kind)}: ${escapeHtml(s.reason)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Charts of ${escapeHtml(dataName)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px}figure{display:inline-block;margin:0 16px 24px 0;vertical-align:top}img{max-width:100%;height:auto;border:1px solid #ddd}figcaption{font-size:12px;color:#555}</style>
</head><body><h1>Charts of ${escapeHtml(dataName)}</h1>
${figures || '<p>No charts.</p>'}
${skipped ? `<h2>Not charted</h2><ul>${skipped}</ul>` : ''}
</body></html>
`;
}

async function visualizeAction(dataPath: string, flags: VisualizeFlags, { io, setExitCode }: CommandContext): Promise<void> {
  if (flags.out === undefined) throw usage('visualize needs --out DIR', 'name the folder for the chart files');
  const dataFormat = parseDataFormat(flags.dataFormat);
  const scales = parseScales(flags.scale);
  const width = positiveInteger(flags.width, '--width');
  const height = positiveInteger(flags.height, '--height');
  const topN = positiveInteger(flags.top, '--top');
  const viz = await import('../../visualize/index.js');
  const charts = parseCharts(flags.charts, viz.CHART_KINDS);
  const columns = listOption(flags.columns);
  const inputs = await readDataInputs(io, {
    data: dataPath,
    ...(flags.reference === undefined ? {} : { reference: flags.reference }),
    ...(flags.schema === undefined ? {} : { schema: flags.schema }),
    ...(dataFormat === undefined ? {} : { dataFormat }),
  });
  const result = await viz.visualize(inputs.data.rows, {
    ...(inputs.reference ? { reference: inputs.reference.rows } : {}),
    ...(inputs.schema ? { schema: inputs.schema.schema } : {}),
    ...(charts === undefined ? {} : { charts }),
    ...(columns === undefined ? {} : { columns }),
    ...(width === undefined && height === undefined
      ? {}
      : { size: { ...(width === undefined ? {} : { width }), ...(height === undefined ? {} : { height }) } }),
    ...(topN === undefined ? {} : { topN }),
    scale: scales,
  });

  const out = flags.out;
  await makeOutDir(out);
  for (const chart of result.charts) {
    await writeOut(join(out, `${chart.id}.vl.json`), `${JSON.stringify(chart.spec, null, 2)}\n`);
    await writeOut(join(out, `${chart.id}.svg`), chart.svg);
    for (const image of chart.images) await writeOut(join(out, pngName(chart.id, image.scale)), image.png);
  }
  const index = {
    data: inputs.data.name,
    rows: result.rows,
    reference: inputs.reference ? { name: inputs.reference.name, rows: result.reference?.rows ?? inputs.reference.rows.length } : null,
    charts: result.charts.map(indexEntry),
    skipped: result.skipped,
    warnings: inputs.warnings,
  };
  await writeOut(join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  await writeOut(join(out, 'index.html'), indexHtml(result, inputs.data.name));
  for (const chart of result.charts)
    io.stdout.write(`${chart.id}: ${chart.title}${chart.empty === undefined ? '' : ` (${chart.empty})`}\n`);
  for (const skip of result.skipped)
    io.stdout.write(`skipped ${skip.kind}${skip.columns.length > 0 ? ` ${skip.columns.join(', ')}` : ''}: ${skip.reason}\n`);
  io.stdout.write(`${result.charts.length} chart${result.charts.length === 1 ? '' : 's'} → ${join(out, 'index.html')}\n`);
  setExitCode(EXIT.OK);
}

export const visualizeCommand: CliCommand = {
  name: 'visualize',
  register(program: Command, context: CommandContext): void {
    program
      .command('visualize')
      .description('draw the charts of a data set (histograms, value counts, scatter, correlations, null rates): Vega-Lite, SVG, PNG')
      .argument('<data>', 'the data to chart: CSV, JSON array or JSON Lines, or - for stdin')
      .option('-o, --out <dir>', 'folder for the chart files (created if missing)')
      .option('-r, --reference <sample>', 'real sample to compare against: every chart shows real vs synthetic')
      .option('-s, --schema <schema>', 'JSON Schema of a row (fixes column kinds)')
      .option('--data-format <format>', 'format of DATA when the name does not say: csv, json or jsonl (default: sniffed)')
      .option('--charts <kinds>', 'chart kinds, comma-separated: histogram, values, scatter, correlation, nulls (default: all)')
      .option('--columns <list>', 'chart only these columns (comma-separated dotted paths)')
      .option('--scale <list>', 'PNG scale factors, comma-separated (default 1,2; "" for SVG only)')
      .option('--width <px>', 'plot width in CSS pixels (default 480)')
      .option('--height <px>', 'plot height in CSS pixels (default 260)')
      .option('--top <n>', 'values listed per value-count chart before "other" (default 10)')
      .addHelpText(
        'after',
        `
Examples:
  synthdatagen visualize synthetic.csv --out charts/
  synthdatagen visualize synthetic.csv --reference real.csv --out charts/ --charts histogram,values

Output per chart: ID.vl.json (Vega-Lite spec, data inline), ID.svg, ID.png (1×), ID@2x.png (2×); and
index.json (ids, titles, alt texts, files, skipped charts with the reason) and index.html. Reference:
docs/visualize.md.

${EXIT_CODE_HELP}`,
      )
      .action((data: string, flags: VisualizeFlags) => visualizeAction(data, flags, context));
  },
};
