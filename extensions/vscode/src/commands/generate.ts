/**
 * "SynthDataGen: Generate data from this schema": count, format and seed from quick picks, then the CLI's
 * `generate` (local) or a background pipeline run and its dataset download (remote), under a cancellable
 * progress notification. The result opens when it is small text; otherwise a preview of its first rows does.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { CliFailure, EXIT, runCli } from '../cli.js';
import { Runtime, UserError } from '../runtime.js';
import { ServerError, type PiiFinding, type RunUpdate, type RunView } from '../server.js';
import type { OutputFormat } from '../settings.js';
import {
  formatBytes,
  LAST_SEED_KEY,
  OPEN_LIMIT_BYTES,
  outputPathFor,
  pickCount,
  pickFormat,
  pickSeed,
  previewText,
  requireFile,
  savedDocument,
  schemaOf,
  seedValue,
  targetUri,
  withCancellableProgress,
  type Cancellable,
} from './common.js';

export interface GenerateResult {
  readonly output: string;
  readonly count: number;
  readonly seed: string;
  readonly format: OutputFormat;
  readonly bytes: number;
  /** `file`: the dataset itself was opened; `preview`: a document with its first rows. */
  readonly shown: 'file' | 'preview';
  readonly runId?: string;
}

/** Progress of a background run as notification text (and the bar's increments, which are deltas). */
export function progressReporter(progress: Cancellable, verb: string): (update: RunUpdate) => void {
  let reported = 0;
  return (update) => {
    if (update.type === 'queued') progress.report(`queued (position ${update.position})`);
    else if (update.type === 'progress') {
      const percent = Math.round(update.fraction * 100);
      progress.report(
        `${verb}: ${update.stage}, ${update.rowsDone.toLocaleString('en-US')} of ${update.rowCount.toLocaleString('en-US')} rows`,
        Math.max(0, percent - reported),
      );
      reported = Math.max(reported, percent);
    }
  };
}

export function describeFindings(findings: readonly PiiFinding[] | undefined): string {
  const blocking = (findings ?? []).filter((f) => f.severity === 'blocking');
  return blocking
    .slice(0, 3)
    .map((f) => `${f.column}: ${f.entity} in ${f.count} row${f.count === 1 ? '' : 's'}${f.remediation ? ` (${f.remediation})` : ''}`)
    .join('; ');
}

/** A finished background run, or the error that explains why it did not succeed. */
export function requireSucceeded(run: RunView): RunView {
  if (run.status === 'succeeded') return run;
  if (run.status === 'cancelled') throw new UserError(`Run ${run.runId} was cancelled.`);
  const error = run.error;
  throw new UserError(
    error
      ? `Run ${run.runId} failed: ${error.message}${error.pointer ? ` (at ${error.pointer})` : ''}${error.hint ? ` — ${error.hint}` : ''}`
      : `Run ${run.runId} ended ${run.status}.`,
  );
}

async function generateLocally(
  runtime: Runtime,
  schemaPath: string,
  out: string,
  count: number,
  seed: string,
  format: OutputFormat,
  progress: Cancellable,
): Promise<boolean> {
  const cli = runtime.requireCli();
  progress.report(`${count.toLocaleString('en-US')} rows, seed ${seed}, ${format}`);
  await mkdir(dirname(out), { recursive: true });
  const result = await runCli(
    cli,
    ['generate', schemaPath, '--count', String(count), '--seed', seed, '--format', format, '--out', out, '--no-progress'],
    { cwd: dirname(schemaPath), signal: progress.signal, onStderr: (text) => runtime.output.append(text) },
  );
  if (result.cancelled || result.exitCode === EXIT.INTERRUPTED) return false;
  if (result.exitCode !== EXIT.OK) throw new CliFailure(result, 'synthdatagen generate');
  return true;
}

async function generateRemotely(
  runtime: Runtime,
  schema: unknown,
  out: string,
  count: number,
  seed: string,
  format: OutputFormat,
  progress: Cancellable,
): Promise<string | undefined> {
  const server = await runtime.server();
  const started = await server.startRun({ schema, rowCount: count, seed: seedValue(seed), format, options: { visualizations: false } });
  runtime.output.appendLine(`run ${started.runId} queued on ${server.baseUrl}`);
  const run = await server.waitForRun(started.runId, progressReporter(progress, 'generating'), progress.signal);
  if (progress.signal.aborted) return undefined;
  requireSucceeded(run);
  if (run.dataUrl === null) throw new UserError(`Run ${run.runId} has no dataset.`);
  progress.report('downloading');
  let bytes: Buffer;
  try {
    bytes = await server.bytes(run.dataUrl, progress.signal);
  } catch (error) {
    if (error instanceof ServerError && error.code === 'PII_BLOCKED') {
      const findings = describeFindings(run.pii?.findings);
      throw new UserError(
        `The server refuses to hand out run ${run.runId}: its PII scan is blocked and the server's policy (blockPiiDownloads) withholds such datasets. ${findings}`,
        [{ title: 'Show report', command: 'synthdatagen.showRunReport', args: [run.runId] }],
      );
    }
    throw error;
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, bytes);
  return run.runId;
}

/** Opens the dataset, or a preview of its first rows when it is binary or too large for an editor. */
export async function showDataset(
  runtime: Runtime,
  out: string,
  format: OutputFormat,
  count: number,
  firstRowsAsJson: (rows: number) => Promise<string>,
): Promise<'file' | 'preview'> {
  const size = (await stat(out)).size;
  if (format !== 'parquet' && size <= OPEN_LIMIT_BYTES) {
    await vscode.window.showTextDocument(vscode.Uri.file(out), { preview: false });
    return 'file';
  }
  const rows = Math.min(runtime.settings().previewRows, count);
  const content = format === 'parquet' ? await firstRowsAsJson(rows) : await previewText(out, format, rows);
  const document = await vscode.workspace.openTextDocument({ content, language: format === 'csv' ? 'csv' : 'json' });
  await vscode.window.showTextDocument(document, { preview: true });
  void vscode.window
    .showInformationMessage(
      `Wrote ${count.toLocaleString('en-US')} rows (${formatBytes(size)}) to ${basename(out)}; showing the first ${rows}.`,
      'Reveal in Explorer',
    )
    .then((choice) => (choice ? vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(out)) : undefined));
  return 'preview';
}

/**
 * The first rows of the run again, as JSON: rows are a pure function of (schema, seed, row index), so they are
 * the first rows of the Parquet file without reading it.
 */
function firstRowsOf(
  runtime: Runtime,
  mode: 'local' | 'remote',
  schemaPath: string,
  schema: unknown,
  seed: string,
): (rows: number) => Promise<string> {
  return async (rows) => {
    if (mode === 'remote') {
      const { rows: preview } = await (await runtime.server()).preview(schema, rows, seedValue(seed));
      return `${JSON.stringify(preview, null, 2)}\n`;
    }
    const result = await runCli(
      runtime.requireCli(),
      ['generate', schemaPath, '--count', String(rows), '--seed', seed, '--format', 'json', '--no-progress'],
      {
        cwd: dirname(schemaPath),
      },
    );
    if (result.exitCode !== EXIT.OK) throw new CliFailure(result, 'synthdatagen generate (preview)');
    return `${JSON.stringify(JSON.parse(result.stdout), null, 2)}\n`;
  };
}

export async function generateCommand(runtime: Runtime, argument?: unknown): Promise<GenerateResult | undefined> {
  const uri = targetUri(argument, 'a JSON Schema');
  const document = await savedDocument(uri);
  const schemaPath = requireFile(uri, 'Generate');
  const settings = runtime.settings(uri);
  const schema = schemaOf(document);
  const title = `Generate from ${basename(schemaPath)}`;
  const count = await pickCount(settings.defaultCount, title);
  if (count === undefined) return undefined;
  const format = await pickFormat(settings.defaultFormat, title);
  if (format === undefined) return undefined;
  const seed = await pickSeed(runtime.context.workspaceState.get<string>(LAST_SEED_KEY), title);
  if (seed === undefined) return undefined;
  await runtime.context.workspaceState.update(LAST_SEED_KEY, seed);
  const out = outputPathFor(runtime, schemaPath, count, seed, format);

  const outcome = await withCancellableProgress(`SynthDataGen: generating ${basename(out)}`, async (progress) => {
    if (settings.mode === 'remote') {
      const runId = await generateRemotely(runtime, schema, out, count, seed, format, progress);
      return runId === undefined ? undefined : { runId };
    }
    return (await generateLocally(runtime, schemaPath, out, count, seed, format, progress)) ? {} : undefined;
  });
  if (outcome === undefined) {
    void vscode.window.showInformationMessage('SynthDataGen: generation cancelled; no file was written.');
    return undefined;
  }
  const bytes = (await stat(out)).size;
  await runtime.recordLocalRun({
    kind: 'generate',
    at: new Date().toISOString(),
    schema: schemaPath,
    count,
    seed,
    format,
    output: out,
    status: 'succeeded',
  });
  runtime.output.appendLine(`generated ${count} rows (seed ${seed}, ${format}) → ${out}`);
  const shown = await showDataset(runtime, out, format, count, firstRowsOf(runtime, settings.mode, schemaPath, schema, seed));
  return { output: out, count, seed, format, bytes, shown, ...(outcome.runId ? { runId: outcome.runId } : {}) };
}
