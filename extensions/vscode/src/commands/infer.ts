/**
 * "SynthDataGen: Infer schema from this file": a CSV, JSON or JSON Lines sample → `<name>.schema.json` beside it
 * (a 2020-12 schema with a fitted x-model), opened for editing. Local: the CLI's `infer`; remote:
 * `POST /api/inferSchema` (the sample is sent to the server, which stores nothing).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { CliFailure, EXIT, runCli } from '../cli.js';
import { Runtime, UserError } from '../runtime.js';
import { baseName, dataFormatOf, requireFile, savedDocument, targetUri, withCancellableProgress } from './common.js';

export interface InferResult {
  readonly output: string;
  readonly schema: unknown;
}

export async function inferSchemaCommand(runtime: Runtime, argument?: unknown): Promise<InferResult | undefined> {
  const uri = targetUri(argument, 'a CSV, JSON or JSON Lines sample');
  const samplePath = requireFile(uri, 'Infer');
  const format = dataFormatOf(samplePath);
  if (format === undefined) throw new UserError(`${basename(samplePath)}: infer reads .csv, .json, .jsonl and .ndjson samples.`);
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) await savedDocument(uri);
  const name = baseName(samplePath);
  const output = join(dirname(samplePath), `${name}.schema.json`);
  if (existsSync(output)) {
    const choice = await vscode.window.showWarningMessage(
      `${basename(output)} exists. Replace it with the inferred schema?`,
      { modal: true },
      'Replace',
    );
    if (choice !== 'Replace') return undefined;
  }
  const settings = runtime.settings(uri);
  const done = await withCancellableProgress(`SynthDataGen: inferring a schema from ${basename(samplePath)}`, async (progress) => {
    if (settings.mode === 'remote') {
      const server = await runtime.server();
      const { schema } = await server.inferSchema(await readFile(samplePath, 'utf8'), name, format);
      if (progress.signal.aborted) return false;
      await writeFile(output, `${JSON.stringify(schema, null, 2)}\n`);
      return true;
    }
    const result = await runCli(runtime.requireCli(), ['infer', samplePath, '--out', output, '--format', format, '--title', name], {
      cwd: dirname(samplePath),
      signal: progress.signal,
      // infer's warnings (mixed types, dropped rare categories) are worth reading: they go to the log.
      onStderr: (text) => runtime.output.append(text),
    });
    if (result.cancelled || result.exitCode === EXIT.INTERRUPTED) return false;
    if (result.exitCode !== EXIT.OK) throw new CliFailure(result, 'synthdatagen infer');
    return true;
  });
  if (!done) return undefined;
  await vscode.window.showTextDocument(vscode.Uri.file(output), { preview: false });
  return { output, schema: JSON.parse(await readFile(output, 'utf8')) as unknown };
}
