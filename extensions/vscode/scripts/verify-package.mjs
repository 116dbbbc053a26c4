// Checks the packaged extension for CI: `vsce ls` must list exactly the files the extension needs (the
// .vscodeignore allow-list is the intent; this catches a dependency, a source map or a test file slipping in), and
// synthdatagen.vsix must exist. Prints the list and the .vsix size.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXPECTED = [
  'CHANGELOG.md',
  'LICENSE.md',
  'README.md',
  'dist/extension.js',
  'dist/snippets.code-snippets',
  'package.json',
  'schemas/synthdatagen-schema.json',
];

const vsce = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const listed = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter(Boolean)
  .sort();
console.log(`vsce ls:\n  ${listed.join('\n  ')}`);
const missing = EXPECTED.filter((f) => !listed.includes(f));
const extra = listed.filter((f) => !EXPECTED.includes(f));
if (missing.length > 0 || extra.length > 0) {
  console.error(`package contents differ: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(extra)}`);
  process.exit(1);
}
const vsix = join(root, 'synthdatagen.vsix');
console.log(`synthdatagen.vsix: ${statSync(vsix).size} bytes`);
