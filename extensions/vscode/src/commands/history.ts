/**
 * "SynthDataGen: Show run history". Remote: the server's runs (`GET /api/pipelineHistory`, newest first), each
 * with its report, dataset and details. Local: the CLI keeps no history, so this lists the runs this
 * workspace made through the extension (kept in the workspace state).
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { showReportPanel } from '../report-view.js';
import { Runtime, UserError } from '../runtime.js';
import { ServerError, type RunView } from '../server.js';
import { OPEN_LIMIT_BYTES } from './common.js';
import { describeFindings } from './generate.js';
import { showRunReportCommand } from './report.js';

export interface HistoryResult {
  readonly mode: 'local' | 'remote';
  readonly items: readonly vscode.QuickPickItem[];
  readonly total: number;
  readonly picked?: string;
  readonly action?: string;
}

const ICON: Record<string, string> = {
  succeeded: '$(pass)',
  failed: '$(error)',
  cancelled: '$(circle-slash)',
  queued: '$(clock)',
  running: '$(sync)',
};

interface RunItem extends vscode.QuickPickItem {
  readonly run: RunView;
}

function runItem(run: RunView): RunItem {
  const quality = run.evaluation?.status ? `quality ${run.evaluation.status}` : undefined;
  const pii = run.pii?.verdict ? `PII ${run.pii.verdict}` : undefined;
  return {
    label: `${ICON[run.status] ?? ''} ${run.runId}`.trim(),
    description: `${run.rowCount.toLocaleString('en-US')} rows · ${run.format} · seed ${String(run.seed)} · ${run.status}`,
    detail: [
      new Date(run.createdAt).toLocaleString(),
      run.schemaId ? `schema ${run.schemaId}` : run.templateId ? `template ${run.templateId}` : undefined,
      quality,
      pii,
    ]
      .filter(Boolean)
      .join(' · '),
    run,
  };
}

async function remoteHistory(runtime: Runtime): Promise<HistoryResult> {
  const server = await runtime.server();
  const page = await server.history({ limit: 50 });
  const items = page.items.map(runItem);
  const picked = await vscode.window.showQuickPick(items, {
    title: `Runs on ${server.baseUrl} (${page.total})`,
    placeHolder: 'Newest first; pick a run',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked === undefined) return { mode: 'remote', items, total: page.total };
  const run = picked.run;
  const actions = [...(run.reportHtmlUrl ? ['Open report'] : []), ...(run.dataUrl ? ['Save dataset…'] : []), 'Show run details'];
  const action = await vscode.window.showQuickPick(actions, { title: `Run ${run.runId}` });
  if (action === 'Open report') await showRunReportCommand(runtime, run.runId);
  else if (action === 'Save dataset…' && run.dataUrl) {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(basename(run.dataUrl)),
      title: `Save the dataset of run ${run.runId}`,
    });
    if (target) {
      try {
        await writeFile(target.fsPath, await server.bytes(run.dataUrl));
      } catch (error) {
        if (error instanceof ServerError && error.code === 'PII_BLOCKED')
          throw new UserError(
            `The server withholds this dataset: its PII scan is blocked (server policy blockPiiDownloads). ${describeFindings(run.pii?.findings)}`,
          );
        throw error;
      }
      await vscode.window.showTextDocument(target, { preview: false });
    }
  } else if (action === 'Show run details') {
    const document = await vscode.workspace.openTextDocument({
      content: `${JSON.stringify(await server.getRun(run.runId), null, 2)}\n`,
      language: 'json',
    });
    await vscode.window.showTextDocument(document, { preview: true });
  }
  return { mode: 'remote', items, total: page.total, picked: run.runId, ...(action ? { action } : {}) };
}

async function localHistory(runtime: Runtime): Promise<HistoryResult> {
  const runs = runtime.localRuns();
  const items = runs.map((run) => ({
    label: `${run.kind === 'report' ? '$(graph)' : '$(database)'} ${basename(run.schema)}`,
    description: `${run.count.toLocaleString('en-US')} rows · ${run.format} · seed ${run.seed}`,
    detail: `${new Date(run.at).toLocaleString()} · ${run.status ?? ''} · ${run.output}`,
    run,
  }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      'SynthDataGen: no runs yet in this workspace. In local mode the history lists what you generated here; a server (remote mode) keeps the full run history.',
    );
    return { mode: 'local', items, total: 0 };
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Runs made in this workspace',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked === undefined) return { mode: 'local', items, total: items.length };
  const { run } = picked;
  try {
    if (run.kind === 'report') {
      showReportPanel(`Report: ${basename(run.schema)}`, await readFile(run.output, 'utf8'));
    } else if (run.format === 'parquet' || (await stat(run.output)).size > OPEN_LIMIT_BYTES) {
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(run.output));
    } else await vscode.window.showTextDocument(vscode.Uri.file(run.output), { preview: false });
  } catch {
    throw new UserError(`${run.output} is gone; run the command again (same seed, same rows).`);
  }
  return { mode: 'local', items, total: items.length, picked: run.output };
}

export async function showHistoryCommand(runtime: Runtime): Promise<HistoryResult> {
  return runtime.settings().mode === 'remote' ? remoteHistory(runtime) : localHistory(runtime);
}
