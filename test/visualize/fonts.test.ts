/**
 * PNGs are drawn with a Latin cut of DejaVu Sans when a chart's text allows (fonts.ts): it must draw every
 * character it claims exactly as the whole font does, and any other character must get the whole font.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { LATIN_RANGES, fontSetup } from '../../src/visualize/fonts.js';
import { visualize } from '../../src/visualize/index.js';
import { pngSize } from './helpers.js';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Every character of the Latin ranges as text lines, regular and bold, plus kerning pairs. */
function specimen(): string {
  const chars: string[] = [];
  for (const [first, last] of LATIN_RANGES) for (let code = first; code <= last; code++) chars.push(String.fromCodePoint(code));
  const lines: string[] = ['AV To Wa Yo LT "kern" −1.0 … 12,345.67 ≤ ≥ ×'];
  for (let i = 0; i < chars.length; i += 40) lines.push(chars.slice(i, i + 40).join(''));
  const texts = lines
    .map(
      (line, i) =>
        `<text x="4" y="${16 + i * 18}" font-family="DejaVu Sans" font-size="13px"${i % 2 === 1 ? ' font-weight="bold"' : ''}>${escapeXml(line)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="${24 + lines.length * 18}">${texts}</svg>`;
}

describe('chart fonts', () => {
  it('draw every character of the Latin cut pixel for pixel as the whole font draws it', () => {
    const svg = specimen();
    const latin = fontSetup(svg);
    const whole = fontSetup(`${svg}Ж`);
    expect(latin.fontFiles.every((file) => file.endsWith('-Latin.ttf'))).toBe(true);
    expect(whole.fontFiles.some((file) => file.endsWith('-Latin.ttf'))).toBe(false);
    const withLatin = new Resvg(svg, { font: latin, background: 'white' }).render();
    const withWhole = new Resvg(svg, { font: whole, background: 'white' }).render();
    // Not a blank image: the specimen has ink.
    expect(withWhole.pixels.some((byte) => byte < 128)).toBe(true);
    expect(Buffer.compare(withLatin.pixels, withWhole.pixels)).toBe(0);
  });

  it('give text outside the Latin cut the whole font', () => {
    for (const text of ['Москва', 'Αθήνα', '東京', 'emoji 🙂', 'א'])
      expect(
        fontSetup(`<svg><text>${text}</text></svg>`).fontFiles.some((file) => file.endsWith('-Latin.ttf')),
        text,
      ).toBe(false);
    expect(fontSetup('<svg><text>Zürich – “Łódź” €12</text></svg>').fontFiles.every((file) => file.endsWith('-Latin.ttf'))).toBe(true);
  });

  it('draw a chart with Cyrillic labels with glyphs for them (the whole font), not empty boxes', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ category: ['Молоко', 'Хліб', 'Pain'][i % 3] }));
    const result = await visualize(rows, { charts: ['values'], scale: [1] });
    const chart = result.charts[0];
    const png = chart?.images.find((image) => image.scale === 1)?.png;
    expect(png).toBeInstanceOf(Uint8Array);
    expect(pngSize(png as Uint8Array).width).toBeGreaterThan(0);
    // The same chart with the Cyrillic labels taken out differs: the labels were drawn.
    const svg = chart?.svg as string;
    const stripped = svg.replace(/Молоко|Хліб/g, '');
    const drawn = new Resvg(svg, { font: fontSetup(svg), background: 'white' }).render().pixels;
    const without = new Resvg(stripped, { font: fontSetup(svg), background: 'white' }).render().pixels;
    expect(Buffer.compare(drawn, without)).not.toBe(0);
  });
});
