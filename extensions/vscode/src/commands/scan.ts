/**
 * "SynthDataGen: Scan this file for PII": the scan of a CSV, JSON or JSON Lines file, optionally with the leak
 * check against the real sample it was made from. Local: the CLI's `scan --format json`; remote: the server's
 * `scan_pii` MCP tool (REST has no scan of arbitrary data). Raw values never appear: examples are masked.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { CliFailure, EXIT, runCli } from '../cli.js';
import { Runtime, UserError } from '../runtime.js';
import type { PiiFinding } from '../server.js';
import { dataFormatOf, requireFile, savedDocument, targetUri, withCancellableProgress } from './common.js';

export interface ScanReport {
  readonly verdict: 'clean' | 'blocked';
  readonly wouldBlock?: boolean;
  readonly rowsScanned?: number;
  readonly columnsScanned?: number;
  readonly findings: readonly (PiiFinding & { readonly reasons?: readonly string[] })[];
  readonly synthetic?: readonly { readonly column: string; readonly entity: string; readonly count: number }[];
}

export interface ScanResult {
  readonly report: ScanReport;
  readonly summary: string;
  readonly markdown: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function scanSummary(report: ScanReport): string {
  const blocking = report.findings.filter((f) => f.severity === 'blocking').length;
  const warnings = report.findings.length - blocking;
  const size = report.rowsScanned === undefined ? '' : ` (${report.rowsScanned} rows, ${report.columnsScanned ?? '?'} columns)`;
  return `PII scan: ${report.verdict === 'blocked' ? 'BLOCKED' : 'clean'} — ${blocking} blocking finding${blocking === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${size}`;
}

export function scanMarkdown(file: string, report: ScanReport, reference: string | undefined): string {
  const lines = [`# PII scan of ${file}`, '', `**${scanSummary(report)}**`, ''];
  if (reference) lines.push(`Leak check against the real sample \`${reference}\`.`, '');
  if (report.findings.length > 0) {
    lines.push('| | column | entity | rows | confidence | example (masked) | fix |', '| --- | --- | --- | ---: | ---: | --- | --- |');
    for (const f of report.findings)
      lines.push(
        `| ${f.severity === 'blocking' ? 'BLOCK' : 'warn'} | ${cell(f.column)} | ${cell(f.entity)} | ${f.count} | ${f.confidence.toFixed(2)} | ${cell(f.maskedExample ?? '')} | ${cell(f.remediation ?? '')} |`,
      );
    lines.push('');
  } else lines.push('No personal data found.', '');
  const synthetic = report.synthetic ?? [];
  if (synthetic.length > 0)
    lines.push(
      'Recognised as synthetic (values from the safe spaces SynthDataGen generates from): ' +
        synthetic.map((s) => `${s.column} ${s.entity} ×${s.count}`).join('; '),
      '',
    );
  return lines.join('\n');
}

export async function scanPiiCommand(runtime: Runtime, argument?: unknown): Promise<ScanResult | undefined> {
  const uri = targetUri(argument, 'a CSV, JSON or JSON Lines file');
  const dataPath = requireFile(uri, 'Scan');
  const format = dataFormatOf(dataPath);
  if (format === undefined) throw new UserError(`${basename(dataPath)}: the scan reads .csv, .json, .jsonl and .ndjson files.`);
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) await savedDocument(uri);

  const mode = await vscode.window.showQuickPick(
    [
      { label: 'Scan for personal data', value: 'scan' as const },
      {
        label: 'Scan, and check for copies of a real sample…',
        value: 'reference' as const,
        description: 'the sample this data was made from',
      },
    ],
    { title: `Scan ${basename(dataPath)}`, ignoreFocusOut: true },
  );
  if (mode === undefined) return undefined;
  let reference: string | undefined;
  if (mode.value === 'reference') {
    const picked = await vscode.window.showOpenDialog({
      title: 'The real sample',
      canSelectMany: false,
      defaultUri: vscode.Uri.file(dirname(dataPath)),
      filters: { 'Data (CSV, JSON, JSON Lines)': ['csv', 'json', 'jsonl', 'ndjson'] },
    });
    if (picked === undefined || picked.length === 0) return undefined;
    reference = picked[0]!.fsPath;
  }

  const settings = runtime.settings(uri);
  const report = await withCancellableProgress(
    `SynthDataGen: scanning ${basename(dataPath)}`,
    async (progress): Promise<ScanReport | undefined> => {
      if (settings.mode === 'remote') {
        const server = await runtime.server();
        const key = (await runtime.apiKey(settings.serverUrl))!;
        const args: Record<string, unknown> = { text: await readFile(dataPath, 'utf8'), format };
        if (reference) args.reference = { text: await readFile(reference, 'utf8') };
        // The MCP client (and its JSON Schema validator) is most of the bundle: loaded on the first remote scan only.
        const { callServerTool } = await import('../mcp-client.js');
        return (await callServerTool(server.baseUrl, key, 'scan_pii', args, progress.signal)) as unknown as ScanReport;
      }
      // Exit 6 (blocked) is an answer here, not a failure: the JSON on stdout says what was found.
      const result = await runCli(
        runtime.requireCli(),
        ['scan', dataPath, '--format', 'json', '--data-format', format, ...(reference ? ['--reference', reference] : [])],
        { cwd: dirname(dataPath), signal: progress.signal },
      );
      if (result.cancelled || result.exitCode === EXIT.INTERRUPTED) return undefined;
      if (result.exitCode !== EXIT.OK && result.exitCode !== EXIT.BLOCKED) throw new CliFailure(result, 'synthdatagen scan');
      return JSON.parse(result.stdout) as ScanReport;
    },
  );
  if (report === undefined) return undefined;
  const summary = scanSummary(report);
  const markdown = scanMarkdown(basename(dataPath), report, reference && basename(reference));
  runtime.output.appendLine(`${basename(dataPath)}: ${summary}`);
  const show = 'Show findings';
  const choice =
    report.verdict === 'blocked'
      ? await vscode.window.showWarningMessage(`SynthDataGen: ${summary}`, show)
      : await vscode.window.showInformationMessage(`SynthDataGen: ${summary}`, show);
  if (choice === show) {
    const document = await vscode.workspace.openTextDocument({ content: markdown, language: 'markdown' });
    await vscode.window.showTextDocument(document, { preview: true });
  }
  return { report, summary, markdown };
}
