/**
 * The official JSON Schema Test Suite as a regression test: every group with a valid test, in every draft we
 * read, yields instances Ajv accepts — except the documented groups where Ajv itself cannot judge. Uses the
 * suite in ../shared/data (present on developer machines and in CI); `npm run conformance` is the full
 * 20-instance measurement with its floor.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { createAjv, type Draft } from '../../src/schema/index.js';
import type { JsonSchema } from '../../src/core/index.js';
import known from './known-failures.json' with { type: 'json' };

const SUITE = join(import.meta.dirname, '../../../shared/data/json-schema-test-suite');
const DIRS: Array<[string, Draft]> = [
  ['draft4', 'draft4'],
  ['draft6', 'draft6'],
  ['draft7', 'draft7'],
  ['draft2019-09', '2019-09'],
  ['draft2020-12', '2020-12'],
];
const knownKeys = new Set(known.failures.map((f) => `${f.draft}/${f.file}/${f.description}`));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : name.endsWith('.json') ? [full] : [];
  });
}

function remotes(dir: string): Record<string, JsonSchema> {
  const root = join(SUITE, 'remotes');
  const out: Record<string, JsonSchema> = {};
  for (const file of walk(root)) {
    const rel = relative(root, file);
    const top = rel.split('/')[0] as string;
    if (/^(draft|v1)/.test(top) && top !== dir) continue;
    out[`http://localhost:1234/${rel}`] = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  }
  return out;
}

describe.skipIf(!existsSync(SUITE))('JSON Schema Test Suite', () => {
  for (const [dir, draft] of DIRS) {
    it(`${dir}: every satisfiable group generates valid instances`, () => {
      const refs = remotes(dir);
      const failures: string[] = [];
      let groups = 0;
      for (const file of readdirSync(join(SUITE, 'tests', dir)).filter((f) => f.endsWith('.json'))) {
        const suite = JSON.parse(readFileSync(join(SUITE, 'tests', dir, file), 'utf8')) as Array<{
          description: string;
          schema: JsonSchema;
          tests: Array<{ valid: boolean }>;
        }>;
        for (const group of suite) {
          if (!group.tests.some((t) => t.valid) || knownKeys.has(`${dir}/${file}/${group.description}`)) continue;
          groups++;
          const ajv = createAjv(draft);
          for (const [uri, remote] of Object.entries(refs)) {
            try {
              ajv.addSchema(remote as object, uri);
            } catch {
              /* unused remote */
            }
          }
          try {
            const validate = ajv.compile(group.schema as object);
            for (const instance of generate(group.schema, { count: 5, seed: 7, refs, draft })) {
              if (!validate(instance)) failures.push(`${file} — ${group.description}: ${JSON.stringify(instance)}`);
            }
          } catch (error) {
            failures.push(`${file} — ${group.description}: ${(error as Error).message}`);
          }
        }
      }
      expect(groups).toBeGreaterThan(100);
      expect(failures).toEqual([]);
    });
  }
});
