/**
 * Generator conformance against the official JSON Schema Test Suite.
 *
 * For every test group (drafts 4, 6, 7, 2019-09, 2020-12; not optional/) with at least one valid test, the
 * generator makes N instances (seed 1) and an independent Ajv (+ ajv-formats, formats asserted) checks them.
 * A group passes when every instance validates. The rate must not fall below the floor kept in
 * conformance-floor.json (it only ever rises).
 *
 *   npm run conformance -- --suite ../shared/data/json-schema-test-suite [--instances 20] [--json out.json]
 *                          [--draft 2020-12] [--verbose] [--check-floor] [--update-floor]
 */
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileSchema, generate } from '../src/generate/index.js';
import { createAjv } from '../src/schema/validator.js';
import type { Draft } from '../src/schema/drafts.js';
import type { JsonSchema } from '../src/core/types.js';

const DIRS: ReadonlyArray<[string, Draft]> = [
  ['draft4', 'draft4'],
  ['draft6', 'draft6'],
  ['draft7', 'draft7'],
  ['draft2019-09', '2019-09'],
  ['draft2020-12', '2020-12'],
];

interface Args {
  suite: string;
  instances: number;
  json?: string;
  draft?: string;
  verbose: boolean;
  checkFloor: boolean;
  updateFloor: boolean;
  floorFile: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    suite: '../shared/data/json-schema-test-suite',
    instances: 20,
    verbose: false,
    checkFloor: false,
    updateFloor: false,
    floorFile: 'conformance-floor.json',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--suite') args.suite = next();
    else if (a === '--instances') args.instances = Number(next());
    else if (a === '--json') args.json = next();
    else if (a === '--draft') args.draft = next();
    else if (a === '--floor') args.floorFile = next();
    else if (a === '--verbose') args.verbose = true;
    else if (a === '--check-floor') args.checkFloor = true;
    else if (a === '--update-floor') args.updateFloor = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function walkJson(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walkJson(full));
    else if (name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** Remotes as the suite serves them: http://localhost:1234/<path>. */
function loadRemotes(suite: string, draftDir: string): Record<string, JsonSchema> {
  const root = join(suite, 'remotes');
  const refs: Record<string, JsonSchema> = {};
  for (const file of walkJson(root)) {
    const rel = relative(root, file).split('\\').join('/');
    const top = rel.split('/')[0] as string;
    // Each draft sees the draft-neutral remotes plus its own folder.
    if (/^(draft|v1)/.test(top) && top !== draftDir) continue;
    refs[`http://localhost:1234/${rel}`] = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  }
  return refs;
}

interface GroupResult {
  draft: string;
  file: string;
  description: string;
  passed: boolean;
  reason?: string;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const tests = join(args.suite, 'tests');
  if (!existsSync(tests)) {
    console.error(`conformance: no test suite at ${args.suite} (expected a tests/ folder)`);
    process.exit(2);
  }
  const results: GroupResult[] = [];
  const started = Date.now();
  for (const [dir, draft] of DIRS) {
    if (args.draft !== undefined && args.draft !== dir && args.draft !== draft) continue;
    const refs = loadRemotes(args.suite, dir);
    const files = readdirSync(join(tests, dir))
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const file of files) {
      const groups = JSON.parse(readFileSync(join(tests, dir, file), 'utf8')) as Array<{
        description: string;
        schema: JsonSchema;
        tests: Array<{ data: unknown; valid: boolean }>;
      }>;
      for (const group of groups) {
        if (!group.tests.some((t) => t.valid)) continue;
        const result: GroupResult = { draft: dir, file, description: group.description, passed: false };
        results.push(result);
        // The judge: a fresh Ajv for the draft with the remotes, independent of the generator's own checks.
        const ajv = createAjv(draft);
        for (const [uri, remote] of Object.entries(refs)) {
          try {
            ajv.addSchema(remote as object, uri);
          } catch {
            /* a remote Ajv rejects only matters if the group uses it */
          }
        }
        let validate;
        try {
          validate = ajv.compile(group.schema as object);
        } catch (error) {
          result.reason = `judge (Ajv) cannot compile the schema: ${(error as Error).message}`;
          continue;
        }
        // A judge that contradicts the suite's own verdicts cannot tell a wrong instance from a right one: say
        // so in front of any failure, so it is not read as the generator's (the counts are unchanged).
        const misjudged = group.tests.filter((t) => {
          try {
            return validate(t.data) !== t.valid;
          } catch {
            return false; // a crash is reported as such below
          }
        }).length;
        const judgeNote = misjudged === 0 ? '' : `judge (Ajv) contradicts ${misjudged} of the suite's ${group.tests.length} verdicts; `;
        try {
          let n = 0;
          let failure: string | undefined;
          let lastInstance: unknown;
          for (const instance of generate(group.schema, { count: args.instances, seed: 1, refs, draft, validate: true })) {
            n++;
            lastInstance = instance;
            let ok: boolean;
            try {
              ok = validate(instance) === true;
            } catch (error) {
              failure = `judge (Ajv) crashed while validating: ${(error as Error).message}`;
              break;
            }
            if (!ok) {
              failure = `instance ${JSON.stringify(instance).slice(0, 120)} invalid: ${ajv.errorsText(validate.errors)}`;
              break;
            }
          }
          // Determinism: the last row generated alone must equal the same row generated after all the others.
          if (failure === undefined && n > 0) {
            const alone = compileSchema(group.schema, { seed: 1, refs, draft }).row(n - 1);
            if (JSON.stringify(alone) !== JSON.stringify(lastInstance))
              failure = `row ${n - 1} generated alone differs from the same row in sequence`;
          }
          if (failure !== undefined) result.reason = judgeNote + failure;
          else if (n !== args.instances) result.reason = `${judgeNote}only ${n} instances`;
          else result.passed = true;
        } catch (error) {
          result.reason = `${judgeNote}generator error: ${(error as Error).message}`.slice(0, 300);
        }
      }
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const byDraft = new Map<string, { passed: number; total: number }>();
  for (const r of results) {
    const entry = byDraft.get(r.draft) ?? { passed: 0, total: 0 };
    entry.total++;
    if (r.passed) entry.passed++;
    byDraft.set(r.draft, entry);
  }
  const passed = results.filter((r) => r.passed).length;
  const rate = results.length === 0 ? 0 : passed / results.length;
  console.log(`JSON Schema Test Suite conformance (${args.instances} instances per group, seed 1, judged by Ajv + ajv-formats)`);
  for (const [draft, e] of byDraft)
    console.log(
      `  ${draft.padEnd(14)} ${String(e.passed).padStart(4)}/${String(e.total).padEnd(4)} ${((100 * e.passed) / e.total).toFixed(1)}%`,
    );
  console.log(
    `  ${'all'.padEnd(14)} ${String(passed).padStart(4)}/${String(results.length).padEnd(4)} ${(100 * rate).toFixed(1)}%   (${seconds.toFixed(1)} s)`,
  );
  const failures = results.filter((r) => !r.passed);
  if (failures.length > 0) {
    console.log(`failing groups (${failures.length}):`);
    for (const f of failures.slice(0, args.verbose ? failures.length : 40))
      console.log(`  ${f.draft}/${f.file} — ${f.description}: ${f.reason ?? ''}`);
    if (!args.verbose && failures.length > 40) console.log(`  … ${failures.length - 40} more (--verbose)`);
  }
  if (args.json !== undefined)
    writeFileSync(
      args.json,
      JSON.stringify({ rate, passed, total: results.length, byDraft: Object.fromEntries(byDraft), failures }, null, 2),
    );
  const floorPath = args.floorFile;
  if (args.updateFloor) {
    const current = existsSync(floorPath) ? (JSON.parse(readFileSync(floorPath, 'utf8')) as { passed: number }).passed : 0;
    if (passed > current) {
      writeFileSync(floorPath, `${JSON.stringify({ passed, total: results.length, rate: Number(rate.toFixed(4)) }, null, 2)}\n`);
      console.log(`floor raised to ${passed}/${results.length}`);
    }
  }
  if (args.checkFloor) {
    const floor = JSON.parse(readFileSync(floorPath, 'utf8')) as { passed: number };
    if (passed < floor.passed) {
      console.error(`conformance: ${passed} groups pass, below the floor of ${floor.passed} (${floorPath})`);
      process.exit(1);
    }
    console.log(`conformance: at or above the floor (${passed} ≥ ${floor.passed})`);
  }
}

main();
