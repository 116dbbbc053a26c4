/** Reading what the renderer made: SVG mark groups and texts, PNG headers, generated test data. */
import { Rng } from '../../src/core/rng.js';

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The items (paths, texts) of each mark group of a Vega mark type (`rect`, `symbol`, `text`) and role. */
export function markGroups(svg: string, type: string, role = 'mark'): string[][] {
  const groups: string[][] = [];
  const open = new RegExp(`<g class="mark-${type} role-${role}\\b[^"]*"[^>]*>`, 'g');
  for (const match of svg.matchAll(open)) {
    const start = (match.index as number) + match[0].length;
    const end = svg.indexOf('</g>', start);
    const body = svg.slice(start, end);
    groups.push(
      type === 'text'
        ? [...body.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1] as string))
        : [...body.matchAll(/<path\b[^>]*>/g)].map((m) => m[0]),
    );
  }
  return groups;
}

/** Number of items over every mark group of a type. */
export function markCount(svg: string, type: string): number {
  return markGroups(svg, type).reduce((n, g) => n + g.length, 0);
}

export function axisTitles(svg: string): string[] {
  return markGroups(svg, 'text', 'axis-title').flat();
}

export function axisLabels(svg: string): string[] {
  return markGroups(svg, 'text', 'axis-label').flat();
}

export function titleTexts(svg: string): string[] {
  return [...markGroups(svg, 'text', 'title-text').flat(), ...markGroups(svg, 'text', 'title-subtitle').flat()];
}

/** Every text drawn in the SVG (titles, axes, legends, marks); lines of a multi-line text joined by a space. */
export function allTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    unescapeXml((m[1] as string).replace(/<\/tspan><tspan[^>]*>/g, ' ').replace(/<[^>]+>/g, '')),
  );
}

/** Width and height from a PNG's IHDR chunk (after checking the signature and the chunk type). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  signature.forEach((byte, i) => {
    if (png[i] !== byte) throw new Error('not a PNG');
  });
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const type = String.fromCharCode(png[12]!, png[13]!, png[14]!, png[15]!);
  if (type !== 'IHDR') throw new Error(`first chunk is ${type}, not IHDR`);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export const TIERS = ['free', 'pro', 'enterprise'];

/** Customer-like rows: correlated age/income, a categorical tier, a boolean, a date, a column with nulls. */
export function customers(count: number, seed: number, shift = 0): Array<Record<string, unknown>> {
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: count }, (_, i) => {
    const z = rng.normal();
    const u = rng.nextU32() / 2 ** 32;
    const income = Math.round(Math.exp(10.3 + 0.35 * z + shift + 0.3 * rng.normal()) * 100) / 100;
    return {
      id: i,
      age: Math.max(18, Math.min(90, Math.round(42 + 14 * z))),
      income,
      tier: TIERS[u < 0.6 ? 0 : u < 0.85 ? 1 : 2],
      active: rng.nextU32() % 3 !== 0,
      signup: new Date(Date.UTC(2020, 0, 1) + (rng.nextU32() % 1500) * 86_400_000).toISOString().slice(0, 10),
      balance: rng.nextU32() % 20 === 0 ? null : Math.round(income * 0.1),
    };
  });
}
