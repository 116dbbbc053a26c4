/** visualize_dataset: charts of any data as PNG images, as POST /api/visualizeSyntheticData. */
import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { SynthService } from '../../service/index.js';
import { visualizeBodySchema } from '../../service/schemas.js';
import { CHART_KINDS } from '../../visualize/index.js';
import { plain, pngImage } from '../content.js';
import { chartMetaSchema } from './shapes.js';
import type { McpTool } from './types.js';

export type VisualizeDatasetArgs = Omit<Parameters<SynthService['visualizeData']>[1], 'inline'> & { readonly imageLimit?: number };

const body = visualizeBodySchema.properties as Record<string, Record<string, unknown>>;

export const visualizeDataset: McpTool<VisualizeDatasetArgs> = {
  name: 'visualize_dataset',
  title: 'Chart a dataset',
  description: [
    'Draw charts of a dataset and get them back as PNG images, each preceded by its title and a sentence saying what it shows.',
    'The chart kind follows each column: histogram for numbers and dates, values (top values) for categories, scatter for the most correlated numeric pairs, correlation (a matrix), nulls (null rate per column).',
    'Give the data as exactly one of runId, rows or text (CSV/JSON/JSONL); add reference (a real sample) to overlay real and synthetic distributions.',
    'Narrow with charts (kinds) and columns when a dataset has many columns; imageLimit caps how many images come back.',
  ].join(' '),
  inputSchema: {
    type: 'object',
    properties: {
      runId: body.runId!,
      rows: { type: 'array', items: { type: 'object' }, description: 'The rows inline (objects).' },
      text: { type: 'string', description: 'A CSV, JSON or JSON Lines file as text.' },
      format: { enum: ['csv', 'json', 'jsonl'], description: 'Format of text (default: sniffed).' },
      reference: body.reference!,
      charts: { type: 'array', items: { enum: [...CHART_KINDS] }, description: 'Chart kinds to draw (default: all that fit).' },
      columns: {
        type: 'array',
        items: { type: 'string' },
        maxItems: 100,
        description: 'Only these columns (dotted paths for nested fields), in this order.',
      },
      imageLimit: {
        type: 'integer',
        minimum: 1,
        maximum: 30,
        default: 8,
        description: 'Most charts returned as images; the rest are listed in structuredContent only.',
      },
    },
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    required: ['charts', 'skipped', 'imagesReturned'],
    properties: {
      charts: {
        type: 'array',
        items: chartMetaSchema,
        description: 'Every chart drawn, in order; the first imagesReturned are in the content as PNG.',
      },
      skipped: {
        type: 'array',
        description: 'Charts not drawn and why.',
        items: {
          type: 'object',
          required: ['kind', 'reason'],
          properties: { kind: { type: 'string' }, columns: { type: 'array', items: { type: 'string' } }, reason: { type: 'string' } },
        },
      },
      imagesReturned: { type: 'integer' },
    },
  },
  annotations: { title: 'Chart a dataset', readOnlyHint: true, openWorldHint: false },
  permission: 'visualize',
  async run(args, context) {
    const { imageLimit = 8, ...data } = args;
    const { charts, skipped } = await context.service.visualizeData(context.principal, { ...data, inline: true });
    const blocks: ContentBlock[] = [];
    let images = 0;
    for (const chart of charts) {
      const png = chart.images.find((image) => image.scale === 1);
      if (images >= imageLimit || png === undefined) continue;
      blocks.push(
        {
          type: 'text',
          text: `Chart ${chart.id}: ${chart.title}. ${chart.alt}${chart.notes.length > 0 ? ` Notes: ${chart.notes.join(' ')}` : ''}`.trim(),
        },
        pngImage(png.png),
      );
      images++;
    }
    const more = charts.length - images;
    return {
      summary: `${charts.length} chart(s) drawn, ${images} returned as PNG images${more > 0 ? ` (${more} more listed in charts; raise imageLimit or narrow columns to see them)` : ''}${skipped.length > 0 ? `; ${skipped.length} skipped (see skipped)` : ''}.`,
      structured: plain({
        charts: charts.map((c) => ({ id: c.id, kind: c.kind, title: c.title, alt: c.alt, columns: [...c.columns], notes: [...c.notes] })),
        skipped,
        imagesReturned: images,
      }),
      blocks,
    };
  },
};
