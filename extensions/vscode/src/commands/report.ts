/**
 * "SynthDataGen: Run pipeline and show report": generate → PII scan → evaluate → charts, then the HTML report
 * in a webview. Local: the CLI's `generate` into the extension's storage, then its `report`. Remote: one
 * background pipeline run on the server, then its report.html.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { CliFailure, EXIT, runCli } from '../cli.js';
import { showReportPanel } from '../report-view.js';
import { Runtime, UserError } from '../runtime.js';
import {
  baseName,
  LAST_SEED_KEY,
  pickCount,
  pickSeed,
  requireFile,
  savedDocument,
  schemaOf,
  seedValue,
  targetUri,
  withCancellableProgress,
} from './common.js';
import { progressReporter, requireSucceeded } from './generate.js';

export interface ReportResult {
  readonly html: string;
  /** The report's status line (local) or the run's evaluation status (remote). */
  readonly status: string;
  readonly reportPath?: string;
  readonly runId?: string;
  readonly panel: vscode.WebviewPanel;
}

function storageRoot(runtime: Runtime): string {
  return (runtime.context.storageUri ?? runtime.context.globalStorageUri).fsPath;
}

function titleOf(schema: unknown, fallback: string): string {
  const title = (schema as { title?: unknown } | null)?.title;
  return typeof title === 'string' && title.trim() !== '' ? title : fallback;
}

export async function runPipelineCommand(runtime: Runtime, argument?: unknown): Promise<ReportResult | undefined> {
  const uri = targetUri(argument, 'a JSON Schema');
  const document = await savedDocument(uri);
  const schemaPath = requireFile(uri, 'Run pipeline');
  const settings = runtime.settings(uri);
  const schema = schemaOf(document);
  const name = basename(schemaPath);
  const count = await pickCount(Math.min(settings.defaultCount, 100_000), `Run pipeline on ${name}`);
  if (count === undefined) return undefined;
  const seed = await pickSeed(runtime.context.workspaceState.get<string>(LAST_SEED_KEY), `Run pipeline on ${name}`);
  if (seed === undefined) return undefined;
  await runtime.context.workspaceState.update(LAST_SEED_KEY, seed);
  const title = `${titleOf(schema, baseName(schemaPath))}: ${count.toLocaleString('en-US')} rows, seed ${seed}`;

  const outcome = await withCancellableProgress(`SynthDataGen: pipeline on ${name}`, async (progress) => {
    if (settings.mode === 'remote') {
      const server = await runtime.server();
      const started = await server.startRun({
        schema,
        rowCount: count,
        seed: seedValue(seed),
        format: settings.defaultFormat,
        options: { visualizations: true },
      });
      const run = await server.waitForRun(started.runId, progressReporter(progress, 'running'), progress.signal);
      if (progress.signal.aborted) return undefined;
      requireSucceeded(run);
      if (run.reportHtmlUrl === null) throw new UserError(`Run ${run.runId} has no report.`);
      progress.report('fetching the report');
      const html = await server.text(run.reportHtmlUrl, progress.signal);
      const status = `${run.evaluation?.status ?? 'unknown'}; PII ${run.pii?.verdict ?? 'unknown'}`;
      return { html, status, runId: run.runId };
    }
    const cli = runtime.requireCli();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const directory = join(storageRoot(runtime), 'runs', `${baseName(schemaPath)}-${stamp}`);
    await mkdir(directory, { recursive: true });
    const data = join(directory, 'data.jsonl');
    progress.report(`generating ${count.toLocaleString('en-US')} rows`);
    const generated = await runCli(
      cli,
      ['generate', schemaPath, '--count', String(count), '--seed', seed, '--out', data, '--no-progress'],
      {
        cwd: dirname(schemaPath),
        signal: progress.signal,
      },
    );
    if (generated.cancelled || generated.exitCode === EXIT.INTERRUPTED) return undefined;
    if (generated.exitCode !== EXIT.OK) throw new CliFailure(generated, 'synthdatagen generate');
    progress.report('scanning, evaluating and charting');
    const reported = await runCli(cli, ['report', data, '--schema', schemaPath, '--out', directory, '--title', title], {
      cwd: dirname(schemaPath),
      signal: progress.signal,
    });
    if (reported.cancelled || reported.exitCode === EXIT.INTERRUPTED) return undefined;
    if (reported.exitCode !== EXIT.OK) throw new CliFailure(reported, 'synthdatagen report');
    const reportPath = join(directory, 'report.html');
    // "report: pass (…) → out/report.html, out/report.json": the paths are ours, the verdict is the news.
    return { html: await readFile(reportPath, 'utf8'), status: reported.stdout.trim().split(' → ')[0]!, reportPath };
  });
  if (outcome === undefined) {
    void vscode.window.showInformationMessage('SynthDataGen: pipeline cancelled.');
    return undefined;
  }
  if (outcome.reportPath !== undefined)
    await runtime.recordLocalRun({
      kind: 'report',
      at: new Date().toISOString(),
      schema: schemaPath,
      count,
      seed,
      format: 'jsonl',
      output: outcome.reportPath,
      status: outcome.status,
    });
  runtime.output.appendLine(`report: ${outcome.status}`);
  const panel = showReportPanel(`Report: ${title}`, outcome.html);
  return { ...outcome, panel };
}

/** A server run's report in the webview (from the history, or from a refused download). */
export async function showRunReportCommand(runtime: Runtime, runId?: unknown): Promise<vscode.WebviewPanel | undefined> {
  if (typeof runId !== 'string') throw new UserError('No run id given.');
  const server = await runtime.server();
  const run = await server.getRun(runId);
  if (run.reportHtmlUrl === null) throw new UserError(`Run ${runId} has no report (status ${run.status}).`);
  return showReportPanel(`Report: run ${runId}`, await server.text(run.reportHtmlUrl));
}
