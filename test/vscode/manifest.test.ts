/**
 * The manifest against the code and the product: every contributed command is registered by activate(), the
 * settings' defaults are what the code falls back to, the pinned types match engines.vscode, the contributed
 * JSON Schema agrees with `synthdatagen lint` on the x- vocabulary, and the snippets are the example schemas.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lintSchema } from '../../src/schema/index.js';
import { activateExtension, cli, ensureCliBuilt, EXTENSION, makeWorkspace, REPO, type Activated, type TestWorkspace } from './support.js';
import { harness } from './vscode-double.js';

vi.mock('vscode', () => import('./vscode-double.js'));

interface Manifest {
  engines: { vscode: string };
  main: string;
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { default: unknown; enum?: unknown[] }> };
    jsonValidation: { fileMatch: string[]; url: string }[];
    snippets: { language: string; path: string }[];
    mcpServerDefinitionProviders: { id: string; label: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(join(EXTENSION, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
const contributedSchema = JSON.parse(readFileSync(join(EXTENSION, 'schemas/synthdatagen-schema.json'), 'utf8')) as object;

// What the build writes to dist/snippets.code-snippets (bundle.test.ts checks the build writes exactly this).
const snippetBuilder = (await import(join(EXTENSION, 'scripts/snippets.mjs'))) as {
  buildSnippets(examples: unknown): unknown;
  readExampleSchemas(dir: string): Promise<unknown>;
};
const builtSnippets = snippetBuilder.buildSnippets(await snippetBuilder.readExampleSchemas(join(REPO, 'examples/schemas')));

/** Commands the extension registers for its own use (buttons in messages), not for the palette. */
const INTERNAL_COMMANDS = ['synthdatagen.showRunReport'];

let workspace: TestWorkspace;
let activated: Activated;

beforeAll(async () => {
  await ensureCliBuilt();
  workspace = makeWorkspace();
  activated = await activateExtension(workspace);
});

afterAll(() => {
  activated.deactivate();
  workspace.cleanup();
});

describe('package.json', () => {
  it('pins @types/vscode to the engines.vscode floor, and vsce to the 3.x line that runs on Node 20', () => {
    const floor = manifest.engines.vscode.replace(/^\^/, '');
    expect(manifest.devDependencies['@types/vscode']).toBe(floor);
    expect(lock.packages['node_modules/@types/vscode']!.version).toBe(floor);
    expect(lock.packages['node_modules/@vscode/vsce']!.version).toMatch(/^3\./);
  });

  it('registers exactly the contributed commands on activate()', async () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = [...harness.commandHandlers.keys()].filter((c) => !INTERNAL_COMMANDS.includes(c)).sort();
    expect(registered).toEqual(contributed);
    for (const c of manifest.contributes.commands) expect(c.category).toBe('SynthDataGen');
    for (const [menu, entries] of Object.entries(manifest.contributes.menus))
      for (const entry of entries) expect(contributed, `${menu} → ${entry.command}`).toContain(entry.command);
  });

  it('offers generate and report on *.json schemas in the editor title and context menus', () => {
    for (const menu of ['editor/title', 'editor/context', 'explorer/context']) {
      const generate = manifest.contributes.menus[menu]!.find((e) => e.command === 'synthdatagen.generate');
      expect(generate?.when).toBe('resourceExtname == .json');
    }
  });

  it('falls back to the settings’ declared defaults when nothing is configured', async () => {
    const { readSettings } = await import('../../extensions/vscode/src/settings.js');
    const saved = new Map(harness.state.config);
    harness.state.config.clear();
    try {
      const settings = readSettings();
      const defaults = Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k, v.default]));
      expect({
        'synthdatagen.mode': settings.mode,
        'synthdatagen.serverUrl': settings.serverUrl,
        'synthdatagen.cliPath': settings.cliPath,
        'synthdatagen.nodePath': settings.nodePath,
        'synthdatagen.defaultCount': settings.defaultCount,
        'synthdatagen.defaultFormat': settings.defaultFormat,
        'synthdatagen.outputDirectory': settings.outputDirectory,
        'synthdatagen.previewRows': settings.previewRows,
        'synthdatagen.lint.enabled': settings.lintEnabled,
        'synthdatagen.mcp.dataDirectory': settings.mcpDataDirectory,
      }).toEqual(defaults);
      expect(manifest.contributes.configuration.properties['synthdatagen.defaultFormat']!.enum).toEqual([
        'jsonl',
        'json',
        'csv',
        'parquet',
      ]);
    } finally {
      for (const [k, v] of saved) harness.state.config.set(k, v);
    }
  });

  it('contributes the MCP provider it registers', async () => {
    const { MCP_PROVIDER_ID } = await import('../../extensions/vscode/src/mcp.js');
    expect(manifest.contributes.mcpServerDefinitionProviders).toEqual([{ id: MCP_PROVIDER_ID, label: 'SynthDataGen' }]);
    expect(harness.mcpProviders.has(MCP_PROVIDER_ID)).toBe(true);
  });
});

describe('the contributed JSON Schema for x- keywords', () => {
  // VS Code's own keywords in the schema (hover text, completion snippets) are annotations to Ajv. strictTypes is
  // off on purpose: `properties` without `type: object` is the point (any document passes, only schemas are walked).
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  ajv.addKeyword('markdownDescription');
  ajv.addKeyword('defaultSnippets');
  const validate = ajv.compile(contributedSchema);
  const examples = ['card-transactions', 'customers', 'iot-readings', 'orders', 'support-tickets'].map(
    (name) => [name, JSON.parse(readFileSync(join(REPO, 'examples/schemas', `${name}.json`), 'utf8')) as object] as const,
  );

  it('is referenced by jsonValidation for the files lint runs on', () => {
    expect(manifest.contributes.jsonValidation).toEqual([
      { fileMatch: ['*.schema.json', '**/schemas/**/*.json'], url: './schemas/synthdatagen-schema.json' },
    ]);
  });

  it.each(examples)('accepts the %s example', (_name, schema) => {
    expect(validate(schema), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts a schema written by infer (x-model and empirical distributions)', () => {
    const inferred = JSON.parse(cli(['infer', join(REPO, 'test/vscode/fixtures/people.csv')])) as { 'x-model'?: unknown };
    expect(inferred['x-model']).toBeDefined();
    expect(validate(inferred), JSON.stringify(validate.errors)).toBe(true);
  });

  // Each value lint calls an error, wherever it sits in the schema, is an error here too.
  const wrong: [string, object][] = [
    ['bad-null-rate', { type: ['number', 'null'], 'x-nullRate': 1.5 }],
    ['bad-unique', { type: 'integer', 'x-unique': 'yes' }],
    ['bad-distribution', { type: 'number', 'x-distribution': 'gaussian' }],
    ['bad-distribution', { type: 'number', 'x-distribution': { type: 'bell' } }],
    ['bad-weights', { enum: ['a', 'b'], 'x-weights': [1, -2] }],
  ];
  it.each(wrong)('rejects what lint reports as %s, at the top and nested', (code, fragment) => {
    for (const schema of [fragment, { type: 'object', properties: { p: fragment } }, { $defs: { d: { items: { anyOf: [fragment] } } } }]) {
      expect(validate(schema)).toBe(false);
      expect(lintSchema(schema).issues.map((i) => i.code)).toContain(code);
    }
  });

  it('leaves plain JSON Schema alone, and data that happens to sit under a schemas folder', () => {
    for (const schema of [true, {}, { type: 'string', format: 'email' }, { type: 'object', additionalProperties: false, required: ['a'] }])
      expect(validate(schema)).toBe(true);
    for (const data of [[1, 2, 3], 'text', 42, [{ name: 'Ada' }]]) expect(validate(data)).toBe(true);
  });
});

describe('snippets', () => {
  interface Snippet {
    prefix: string;
    description: string;
    body: string[];
  }
  const built = builtSnippets as Record<string, Snippet>;

  /** A snippet body with every tab stop at its default and escapes undone: what lands in the editor. */
  function expand(body: readonly string[]): string {
    const text = body.join('\n');
    // Anything `$` that is not an escape, a tab stop or a placeholder would be a snippet variable: a bug.
    expect(text.replace(/\\[\\$}]/g, '').replace(/\$(\d+|\{\d+(:[^}]*|\|[^}]*\|)\})/g, '')).not.toMatch(/\$/);
    return text
      .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
      .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, '$1')
      .replace(/\$\d+/g, '')
      .replace(/\\([\\$}])/g, '$1');
  }

  it('are contributed for JSON and JSON with comments, from the file the build writes', () => {
    expect(manifest.contributes.snippets).toEqual([
      { language: 'json', path: './dist/snippets.code-snippets' },
      { language: 'jsonc', path: './dist/snippets.code-snippets' },
    ]);
  });

  it('expand each template to its example schema (without $id and $schema), clean under lint', () => {
    const templates = Object.values(built).filter((s) => s.prefix.startsWith('synthdatagen-template-'));
    expect(templates.map((s) => s.prefix).sort()).toEqual(
      ['card-transactions', 'customers', 'iot-readings', 'orders', 'support-tickets'].map((n) => `synthdatagen-template-${n}`),
    );
    for (const snippet of templates) {
      const name = snippet.prefix.replace('synthdatagen-template-', '');
      const {
        $id: _id,
        $schema: _schema,
        ...example
      } = JSON.parse(readFileSync(join(REPO, 'examples/schemas', `${name}.json`), 'utf8')) as Record<string, unknown>;
      const expanded = JSON.parse(expand(snippet.body)) as unknown;
      expect(expanded).toEqual(example);
      expect(lintSchema(expanded).issues.filter((i) => i.severity === 'error')).toEqual([]);
    }
  });

  it('expand each x- keyword snippet to a fragment that the contributed schema and lint accept', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(contributedSchema);
    const keywordSnippets = Object.values(built).filter((s) => s.prefix.startsWith('x-'));
    expect(keywordSnippets.map((s) => s.prefix)).toEqual(
      expect.arrayContaining(['x-faker', 'x-distribution-normal', 'x-weights', 'x-nullRate', 'x-unique', 'x-correlations']),
    );
    for (const snippet of keywordSnippets) {
      const schema = JSON.parse(`{${expand(snippet.body)}}`) as Record<string, unknown>;
      const typed =
        snippet.prefix === 'x-correlations'
          ? { type: 'object', ...schema }
          : snippet.prefix.startsWith('x-distribution')
            ? { type: 'number', minimum: 0, maximum: 100, ...schema }
            : schema;
      expect(validate(typed), `${snippet.prefix}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(lintSchema(typed).issues, snippet.prefix).toEqual([]);
    }
    const empty = JSON.parse(expand(built['SynthDataGen schema']!.body)) as unknown;
    expect(lintSchema(empty).issues).toEqual([]);
  });
});
