/** The labelled corpus against the floor in test/fixtures/pii/floor.json (bench/pii.ts prints the full table). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKSUM_ENTITIES } from '../../src/pii/index.js';
import { buildCorpus, scoreCorpus } from '../fixtures/pii/corpus.js';

interface Floor {
  readonly overall: { readonly precision: number; readonly recall: number };
  readonly entities: Record<string, { readonly precision: number; readonly recall: number }>;
}

const floor = JSON.parse(readFileSync(new URL('../fixtures/pii/floor.json', import.meta.url), 'utf8')) as Floor;

describe('labelled corpus', () => {
  const corpus = buildCorpus();
  const score = scoreCorpus(corpus);

  it('covers every entity with positives, and has hard negatives and safe values', () => {
    expect(corpus.length).toBeGreaterThan(2500);
    expect(corpus.filter((i) => i.kind === 'negative').length).toBeGreaterThan(1000);
    expect(corpus.filter((i) => i.kind === 'safe').length).toBeGreaterThan(50);
    for (const entity of Object.keys(floor.entities))
      expect(
        score.entities.some((e) => e.entity === entity && e.tp > 0),
        entity,
      ).toBe(true);
  });

  it('stays at or above the floor, overall and per entity', () => {
    const misses = score.misses
      .slice(0, 30)
      .map((m) => `${m.item.column}=${JSON.stringify(m.item.value)} want [${m.item.expect}] got [${m.predicted}]`);
    expect(score.overall.precision, misses.join('\n')).toBeGreaterThanOrEqual(floor.overall.precision);
    expect(score.overall.recall, misses.join('\n')).toBeGreaterThanOrEqual(floor.overall.recall);
    for (const e of score.entities) {
      const f = floor.entities[e.entity];
      expect(f, `no floor for ${e.entity}`).toBeDefined();
      expect(e.precision, `${e.entity} precision`).toBeGreaterThanOrEqual(f?.precision ?? 1);
      expect(e.recall, `${e.entity} recall`).toBeGreaterThanOrEqual(f?.recall ?? 1);
    }
  });

  it('meets the goal on checksum-backed types (recall >= 99%) and overall precision (>= 99%)', () => {
    for (const entity of CHECKSUM_ENTITIES)
      expect(score.entities.find((e) => e.entity === entity)?.recall ?? 0, entity).toBeGreaterThanOrEqual(0.99);
    expect(score.overall.precision).toBeGreaterThanOrEqual(0.99);
  });

  it('the curated people and addresses are outside the generator dictionary (else they would be synthetic)', () => {
    const people = corpus.filter((i) => i.expect.includes('person') && i.column !== 'notes');
    expect(people.length).toBeGreaterThan(90);
  });
});
