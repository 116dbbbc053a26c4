/**
 * Seeded snapshots (after faker's seeded-runs): the first rows of every example schema for two seeds. Any
 * change in generated values shows up here and has to be accepted deliberately (`vitest -u`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import type { JsonSchema } from '../../src/core/index.js';

const dir = join(import.meta.dirname, '../../examples/schemas');

describe('seeded runs of the example schemas', () => {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as JsonSchema;
    for (const seed of [1, 'release']) {
      it(`${file} seed ${JSON.stringify(seed)}`, () => {
        expect([...generate(schema, { count: 3, seed })]).toMatchSnapshot();
      });
    }
  }
});
