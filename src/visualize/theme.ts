/**
 * Colours and the Vega-Lite config every chart shares. Colours come from Okabe & Ito's palette ("Color
 * Universal Design", 2008), chosen to stay distinct under the common colour-vision deficiencies; real vs
 * synthetic is blue vs orange, the pair those deficiencies confuse least. Marks that differ by colour also
 * differ by shape or position, so no chart relies on colour alone. The correlation heatmap uses Vega's
 * diverging "blueorange" scheme on [−1, 1] with the value printed in each cell.
 */
import type { JsonObject } from '../core/index.js';

export const OKABE_ITO = {
  blue: '#0072B2',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
} as const;

export const COLORS = {
  /** A single series. */
  primary: OKABE_ITO.blue,
  /** The "other" bar of value counts, and empty heatmap cells. */
  muted: '#9A9A9A',
  real: OKABE_ITO.blue,
  synthetic: OKABE_ITO.orange,
  text: '#333333',
} as const;

/** Font family: the bundled DejaVu Sans (see fonts.ts), so text measures and renders alike everywhere. */
export const FONT = 'DejaVu Sans';

export const SOURCES = ['real', 'synthetic'] as const;
export type Source = (typeof SOURCES)[number];

/** The colour scale of real-vs-synthetic charts. */
export const SOURCE_SCALE: JsonObject = { domain: [...SOURCES], range: [COLORS.real, COLORS.synthetic] };

export const CONFIG: JsonObject = {
  font: FONT,
  background: 'white',
  // One description per chart (the SVG's <title>/<desc>, from the alt text) instead of an ARIA label per
  // point: a scatter plot's SVG is a third of the size, and a screen reader is not made to read 2,000 points.
  aria: false,
  padding: 8,
  title: { anchor: 'start', fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555555', offset: 8 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleColor: COLORS.text, labelColor: COLORS.text, gridColor: '#E6E6E6' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top' },
  view: { stroke: '#DDDDDD' },
  range: { category: Object.values(OKABE_ITO) },
};
