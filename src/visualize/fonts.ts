/**
 * Node-only adapter: where the bundled fonts are. Kept apart because it is the one place the visualizer
 * touches the file system (by module resolution), and it must: resvg-js 2.x takes fonts only as file paths
 * (no byte buffers), and without a font loaded a PNG has no text at all. DejaVu Sans from the
 * `dejavu-fonts-ttf` package, never the machine's fonts, so a chart renders the same on every machine.
 */
import { createRequire } from 'node:module';
import { SdgError } from '../core/index.js';

export interface FontSetup {
  readonly loadSystemFonts: false;
  readonly fontFiles: string[];
  readonly defaultFontFamily: string;
  readonly sansSerifFamily: string;
}

let cached: FontSetup | undefined;

export function fontSetup(): FontSetup {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    let fontFiles: string[];
    try {
      fontFiles = [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')];
    } catch (error) {
      // A PNG without fonts has no text at all: refuse rather than draw unreadable charts.
      throw new SdgError('SDG_ERR_IO', 'the bundled chart fonts (package dejavu-fonts-ttf) cannot be found', {
        cause: error,
        hint: 'reinstall synthdatagen with its dependencies, or render SVG only (scale: [])',
      });
    }
    cached = {
      loadSystemFonts: false,
      fontFiles,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    };
  }
  return cached;
}
