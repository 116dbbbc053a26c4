/**
 * Node-only adapter: where the bundled fonts are. Kept apart because it is the one place the visualizer
 * touches the file system (by module resolution), and it must: resvg-js 2.x takes fonts only as file paths
 * (no byte buffers), and without a font loaded a PNG has no text at all. DejaVu Sans from the
 * `dejavu-fonts-ttf` package, never the machine's fonts, so a chart renders the same on every machine.
 *
 * resvg parses every font it is given on every PNG, and the whole DejaVu Sans (two faces, 1.4 MB) costs
 * 6–9 ms per chart. Charts whose text is all Latin get the same faces cut to LATIN_RANGES
 * (assets/fonts, made by scripts/subset-fonts.sh): they parse in a quarter of the time and draw those
 * characters pixel for pixel alike. Any other character and the chart gets the whole font.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SdgError } from '../core/index.js';

export interface FontSetup {
  readonly loadSystemFonts: false;
  readonly fontFiles: string[];
  readonly defaultFontFamily: string;
  readonly sansSerifFamily: string;
}

/** Code points the Latin cut of the fonts holds (inclusive ranges); scripts/subset-fonts.sh uses the same. */
export const LATIN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x2190, 0x2193],
  [0x20ac, 0x20ac],
  [0x2122, 0x2122],
  [0x2212, 0x2212],
  [0x221e, 0x221e],
  [0x2248, 0x2248],
  [0x2264, 0x2265],
];

function hex(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Any character the Latin cut lacks (tab, CR and LF are markup whitespace, never drawn as glyphs). */
const OUTSIDE_LATIN = new RegExp(`[^\\t\\n\\r${LATIN_RANGES.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]`, 'u');

let whole: FontSetup | undefined;
let latin: FontSetup | null | undefined;

function setup(fontFiles: string[]): FontSetup {
  return { loadSystemFonts: false, fontFiles, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' };
}

function wholeFonts(): FontSetup {
  if (whole === undefined) {
    const require = createRequire(import.meta.url);
    try {
      whole = setup([require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')]);
    } catch (error) {
      // A PNG without fonts has no text at all: refuse rather than draw unreadable charts.
      throw new SdgError('SDG_ERR_IO', 'the bundled chart fonts (package dejavu-fonts-ttf) cannot be found', {
        cause: error,
        hint: 'reinstall synthdatagen with its dependencies, or render SVG only (scale: [])',
      });
    }
  }
  return whole;
}

function latinFonts(): FontSetup | null {
  if (latin === undefined) {
    // From src/visualize and from dist/visualize alike, the package root is two folders up.
    const files = ['DejaVuSans-Latin.ttf', 'DejaVuSans-Bold-Latin.ttf'].map((name) =>
      fileURLToPath(new URL(`../../assets/fonts/${name}`, import.meta.url)),
    );
    latin = files.every((file) => existsSync(file)) ? setup(files) : null;
  }
  return latin;
}

/** The fonts to draw this SVG with: the Latin cut when it holds every character of the SVG, else the whole font. */
export function fontSetup(svg?: string): FontSetup {
  if (svg !== undefined && !OUTSIDE_LATIN.test(svg)) return latinFonts() ?? wholeFonts();
  return wholeFonts();
}
