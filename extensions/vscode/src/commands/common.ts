/** What the commands share: the file they act on, the quick picks, progress with cancel, previews. */
import { randomInt } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import * as vscode from 'vscode';
import { OUTPUT_FORMATS, type OutputFormat } from '../settings.js';
import { Runtime, UserError } from '../runtime.js';

/** The file a command acts on: the menu's resource, else the active editor's document. */
export function targetUri(argument: unknown, what: string): vscode.Uri {
  if (argument instanceof vscode.Uri) return argument;
  const document = vscode.window.activeTextEditor?.document;
  if (document === undefined) throw new UserError(`Open ${what} first, or run the command from its context menu.`);
  return document.uri;
}

/** The document at `uri`, saved first when it has unsaved edits (the CLI reads the file). */
export async function savedDocument(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.isDirty) await document.save();
  return document;
}

/** A schema document's content, with a message naming the line when it is not JSON. */
export function schemaOf(document: vscode.TextDocument): unknown {
  try {
    return JSON.parse(document.getText()) as unknown;
  } catch (error) {
    throw new UserError(`${basename(document.uri.fsPath)} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function requireFile(uri: vscode.Uri, what: string): string {
  if (uri.scheme !== 'file') throw new UserError(`${what} works on files on disk; save the document first.`);
  return uri.fsPath;
}

interface ValueItem<T> extends vscode.QuickPickItem {
  readonly value: T | 'custom';
}

const COUNT_CHOICES = [10, 100, 1000, 10_000, 100_000, 1_000_000];

function parseCount(text: string): number | undefined {
  const cleaned = text.trim().replace(/[_,\s]/g, '');
  if (!/^\d+(\.\d+)?(e\d+)?$/i.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export async function pickCount(defaultCount: number, title: string): Promise<number | undefined> {
  const values = [defaultCount, ...COUNT_CHOICES.filter((c) => c !== defaultCount)];
  const items: ValueItem<number>[] = [
    ...values.map((value, i) => ({ label: value.toLocaleString('en-US'), value, ...(i === 0 ? { description: 'default' } : {}) })),
    { label: 'Other…', value: 'custom' as const, description: 'type a number' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title, placeHolder: 'How many rows?', ignoreFocusOut: true });
  if (choice === undefined) return undefined;
  if (choice.value !== 'custom') return choice.value;
  const typed = await vscode.window.showInputBox({
    title,
    prompt: 'Rows to generate (1000, 1_000_000 and 1e6 work)',
    value: String(defaultCount),
    validateInput: (text) => (parseCount(text) === undefined ? 'A whole number from 0' : undefined),
  });
  return typed === undefined ? undefined : parseCount(typed);
}

export async function pickFormat(defaultFormat: OutputFormat, title: string): Promise<OutputFormat | undefined> {
  const describe: Record<OutputFormat, string> = {
    jsonl: 'JSON Lines, a row per line',
    json: 'one JSON array',
    csv: 'RFC 4180, nested objects as dotted columns',
    parquet: 'columnar, binary (a preview of the first rows opens)',
  };
  const order = [defaultFormat, ...OUTPUT_FORMATS.filter((f) => f !== defaultFormat)];
  const choice = await vscode.window.showQuickPick(
    order.map((value) => ({ label: value, value, description: describe[value] })),
    { title, placeHolder: 'Format', ignoreFocusOut: true },
  );
  return choice?.value;
}

/** Where the last seed picked in this workspace is kept (offered again by generate and report). */
export const LAST_SEED_KEY = 'synthdatagen.lastSeed';

/** A seed: the same seed gives the same rows, byte for byte. */
export async function pickSeed(lastSeed: string | undefined, title: string): Promise<string | undefined> {
  const items: ValueItem<string>[] = [
    { label: '0', value: '0', description: 'the CLI’s default' },
    ...(lastSeed !== undefined && lastSeed !== '0' ? [{ label: lastSeed, value: lastSeed, description: 'last used' }] : []),
    {
      label: 'New random seed',
      value: String(randomInt(1, 2 ** 31)),
      description: 'a fresh integer, shown in the result so it can be repeated',
    },
    { label: 'Other…', value: 'custom', description: 'an integer or any string' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title, placeHolder: 'Seed (same seed ⇒ same rows)', ignoreFocusOut: true });
  if (choice === undefined) return undefined;
  if (choice.value !== 'custom') return choice.value;
  const typed = await vscode.window.showInputBox({
    title,
    prompt: 'Seed: an integer, or any other string',
    validateInput: (text) => (text.trim() === '' ? 'Enter a seed' : undefined),
  });
  return typed?.trim() || undefined;
}

/** The seed as the server takes it: an integer when it looks like one (the CLI makes the same choice). */
export function seedValue(seed: string): number | string {
  return /^-?\d+$/.test(seed) && Number.isSafeInteger(Number(seed)) ? Number(seed) : seed;
}

export interface Cancellable {
  readonly signal: AbortSignal;
  report(message: string, increment?: number): void;
}

/** Runs work under a cancellable progress notification; cancelling aborts the signal the work watches. */
export async function withCancellableProgress<T>(title: string, work: (progress: Cancellable) => Promise<T>): Promise<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      if (token.isCancellationRequested) controller.abort();
      try {
        return await work({
          signal: controller.signal,
          report: (message, increment) => progress.report({ message, ...(increment === undefined ? {} : { increment }) }),
        });
      } finally {
        subscription.dispose();
      }
    },
  );
}

/** `customers.schema.json` → `customers`. */
export function baseName(path: string): string {
  return basename(path)
    .replace(/\.schema\.json$/i, '')
    .replace(/\.[^.]+$/, '');
}

/** Where a generated dataset goes: the outputDirectory setting (relative to the workspace folder) or beside the schema. */
export function outputPathFor(runtime: Runtime, schemaPath: string, count: number, seed: string, format: OutputFormat): string {
  const configured = runtime.settings().outputDirectory;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(schemaPath))?.uri.fsPath ?? dirname(schemaPath);
  const directory = configured === '' ? dirname(schemaPath) : isAbsolute(configured) ? configured : resolve(folder, configured);
  const safeSeed = seed.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
  return join(directory, `${baseName(schemaPath)}.${count}-seed-${safeSeed}.${format}`);
}

/** The first `limit` lines of a text file, read lazily (the file may be gigabytes). */
export async function firstLines(path: string, limit: number): Promise<string[]> {
  const lines: string[] = [];
  const stream = createReadStream(path, { encoding: 'utf8' });
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of reader) {
      lines.push(line);
      if (lines.length >= limit) break;
    }
  } finally {
    reader.close();
    stream.destroy();
  }
  return lines;
}

/** The first rows of a JSONL or JSON (a row per line) dataset as a JSON array text; CSV stays CSV. */
export async function previewText(path: string, format: 'jsonl' | 'json' | 'csv', rows: number): Promise<string> {
  if (format === 'csv') return `${(await firstLines(path, rows + 1)).join('\n')}\n`;
  const lines = await firstLines(path, format === 'json' ? rows + 1 : rows);
  const rowLines = format === 'json' ? lines.filter((l) => l !== '[' && l !== ']').map((l) => l.replace(/,$/, '')) : lines;
  return `${JSON.stringify(
    rowLines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown),
    null,
    2,
  )}\n`;
}

export const OPEN_LIMIT_BYTES = 5 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function dataFormatOf(path: string): 'csv' | 'json' | 'jsonl' | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return undefined;
}
