// Bundles src/extension.ts into dist/extension.js (CommonJS, the vscode module left to the editor) and writes
// dist/snippets.code-snippets from the snippet table and the example schemas of the repository.
// `--production` minifies and drops the source map; `--watch` rebuilds on change; `--outdir DIR` writes elsewhere
// (the tests load a fresh bundle from a temporary folder).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildSnippets, readExampleSchemas } from './snippets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdirIndex = process.argv.indexOf('--outdir');
const outdir = outdirIndex === -1 ? join(root, 'dist') : resolve(process.argv[outdirIndex + 1]);

const options = {
  entryPoints: [join(root, 'src/extension.ts')],
  outfile: join(outdir, 'extension.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  // ESM entry points first: jsonc-parser's UMD build requires its own files at run time, out of the bundle's reach.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: production ? 'none' : 'inline',
  metafile: true,
  logLevel: 'warning',
};

// A stale source map or bundle from an earlier build must not end up beside the new one.
if (!watch) await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const examples = await readExampleSchemas(join(root, '../../examples/schemas'));
await writeFile(join(outdir, 'snippets.code-snippets'), `${JSON.stringify(buildSnippets(examples), null, 2)}\n`);

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  const result = await esbuild.build(options);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(`${join(outdir, 'extension.js')}: ${(bytes / 1024).toFixed(0)} KiB${production ? ' (minified)' : ''}`);
}
