/**
 * A small stand-in for the `vscode` module: only the API surface the extension touches, with real behaviour
 * where the extension depends on it (documents know their text and offsets, events fire, secrets persist,
 * configuration reads the values a test sets) and scripted answers where a person would act (quick picks,
 * input boxes, message buttons, the progress notification's Cancel). VS Code itself cannot be downloaded here.
 *
 * Tests mock `vscode` with this module (`vi.mock('vscode', () => import('./vscode-double.js'))`) and drive it
 * through `harness`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, sep } from 'node:path';

// ── basic types ─────────────────────────────────────────────────────────────────────────────────────

export class Disposable {
  constructor(private readonly callOnDispose: () => void = () => {}) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export class EventEmitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(data: T): void {
    for (const listener of [...this.listeners]) listener(data);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query = '',
    readonly fragment = '',
  ) {}

  static file(fsPath: string): Uri {
    return new Uri('file', '', fsPath.split(sep).join('/'));
  }

  static parse(value: string): Uri {
    const url = new URL(value);
    return new Uri(
      url.protocol.replace(/:$/, ''),
      url.host,
      decodeURIComponent(url.pathname),
      url.search.replace(/^\?/, ''),
      url.hash.replace(/^#/, ''),
    );
  }

  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, base.authority, posix.join(base.path, ...segments), base.query, base.fragment);
  }

  static untitled(name: string): Uri {
    return new Uri('untitled', '', name);
  }

  get fsPath(): string {
    return this.path.split('/').join(sep);
  }

  toString(): string {
    if (this.scheme === 'file') return `file://${this.path}`;
    if (this.scheme === 'untitled') return `untitled:${this.path}`;
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  isEqual(other: Position): boolean {
    return this.line === other.line && this.character === other.character;
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(start: Position | number, end: Position | number, endLine?: number, endCharacter?: number) {
    if (typeof start === 'number') {
      this.start = new Position(start, end as number);
      this.end = new Position(endLine!, endCharacter!);
    } else {
      this.start = start;
      this.end = end as Position;
    }
  }
  isEqual(other: Range): boolean {
    return this.start.isEqual(other.start) && this.end.isEqual(other.end);
  }
}

export class Selection extends Range {}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source?: string;
  code?: string | number;
  constructor(
    public range: Range,
    public message: string,
    public severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind('quickfix');
  constructor(readonly value: string) {}
}

export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; newText: string }[] = [];
  replace(uri: Uri, range: Range, newText: string): void {
    this.edits.push({ uri, range, newText });
  }
}

export class CodeAction {
  edit?: WorkspaceEdit;
  command?: { title: string; command: string; arguments?: unknown[] };
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  constructor(
    readonly title: string,
    readonly kind?: CodeActionKind,
  ) {}
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}

export class McpStdioServerDefinition {
  cwd?: Uri;
  constructor(
    readonly label: string,
    public command: string,
    public args: string[] = [],
    public env: Record<string, string | number | null> = {},
    public version?: string,
  ) {}
}

export class McpHttpServerDefinition {
  constructor(
    readonly label: string,
    public uri: Uri,
    public headers: Record<string, string> = {},
    public version?: string,
  ) {}
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

// ── documents ───────────────────────────────────────────────────────────────────────────────────────

let untitledCounter = 0;

export class TextDocument {
  isDirty = false;
  version = 1;
  constructor(
    readonly uri: Uri,
    readonly languageId: string,
    private text: string,
  ) {}

  get isUntitled(): boolean {
    return this.uri.scheme === 'untitled';
  }

  get fileName(): string {
    return this.uri.fsPath;
  }

  getText(): string {
    return this.text;
  }

  /** Test hook: an edit in the editor (not yet saved). */
  setText(text: string): void {
    this.text = text;
    this.isDirty = true;
    this.version++;
  }

  get lineCount(): number {
    return this.text.split('\n').length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const before = this.text.slice(0, clamped);
    const line = before.split('\n').length - 1;
    return new Position(line, clamped - (before.lastIndexOf('\n') + 1));
  }

  offsetAt(position: Position): number {
    const lines = this.text.split('\n');
    let offset = 0;
    for (let i = 0; i < position.line && i < lines.length; i++) offset += lines[i]!.length + 1;
    return Math.min(offset + position.character, this.text.length);
  }

  async save(): Promise<boolean> {
    if (this.uri.scheme !== 'file') return false;
    writeFileSync(this.uri.fsPath, this.text);
    this.isDirty = false;
    onDidSave.fire(this);
    return true;
  }
}

function languageOf(path: string): string {
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.jsonc')) return 'jsonc';
  if (path.endsWith('.csv')) return 'csv';
  if (path.endsWith('.md')) return 'markdown';
  return 'plaintext';
}

// ── scripted people ─────────────────────────────────────────────────────────────────────────────────

type QuickPickAnswer = string | undefined | ((items: readonly QuickPickItemLike[]) => QuickPickItemLike | undefined);
type QuickPickItemLike = { label: string; description?: string; detail?: string } | string;

interface MessageRecord {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly items: readonly string[];
}

const onDidOpen = new EventEmitter<TextDocument>();
const onDidSave = new EventEmitter<TextDocument>();
const onDidClose = new EventEmitter<TextDocument>();
const onDidChangeConfiguration = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const onDidChangeWorkspaceFolders = new EventEmitter<unknown>();

export interface WebviewPanelDouble {
  readonly viewType: string;
  title: string;
  readonly options: unknown;
  readonly webview: { html: string; readonly cspSource: string; readonly options: unknown };
  disposed: boolean;
  dispose(): void;
  onDidDispose: Event<void>;
  reveal(): void;
}

export interface StatusBarItemDouble {
  text: string;
  tooltip: string | undefined;
  command: string | undefined;
  name: string | undefined;
  visible: boolean;
  show(): void;
  hide(): void;
  dispose(): void;
}

function freshState() {
  return {
    config: new Map<string, unknown>(),
    folders: [] as { uri: Uri; name: string; index: number }[],
    documents: [] as TextDocument[],
    quickPicks: [] as QuickPickAnswer[],
    inputBoxes: [] as (string | undefined)[],
    messageAnswers: [] as (string | undefined)[],
    openDialogs: [] as (Uri[] | undefined)[],
    saveDialogs: [] as (Uri | undefined)[],
    messages: [] as MessageRecord[],
    quickPickCalls: [] as { items: QuickPickItemLike[]; title?: string }[],
    progress: [] as { title?: string; reports: { message?: string; increment?: number }[] }[],
    /** Called when a progress notification starts: cancel it (by calling `cancel`) whenever the test wants. */
    onProgressStart: undefined as ((cancel: () => void) => void) | undefined,
    panels: [] as WebviewPanelDouble[],
    shown: [] as TextDocument[],
    executed: [] as { command: string; args: unknown[] }[],
    statusItems: [] as StatusBarItemDouble[],
    output: [] as string[],
  };
}

const state = freshState();
const commandHandlers = new Map<string, (...args: unknown[]) => unknown>();
const diagnosticCollections: DiagnosticCollectionDouble[] = [];
const codeActionProviders: { selector: unknown; provider: { provideCodeActions(...args: unknown[]): unknown } }[] = [];
const mcpProviders = new Map<string, unknown>();

class DiagnosticCollectionDouble {
  readonly entries = new Map<string, Diagnostic[]>();
  constructor(readonly name: string) {}
  set(uri: Uri, diagnostics: readonly Diagnostic[]): void {
    this.entries.set(uri.toString(), [...diagnostics]);
  }
  get(uri: Uri): Diagnostic[] | undefined {
    return this.entries.get(uri.toString());
  }
  delete(uri: Uri): void {
    this.entries.delete(uri.toString());
  }
  clear(): void {
    this.entries.clear();
  }
  dispose(): void {
    this.entries.clear();
  }
}

function nextAnswer<T>(queue: T[], what: string): T {
  if (queue.length === 0) throw new Error(`test double: no scripted answer for ${what}`);
  return queue.shift()!;
}

async function openDocument(target: Uri | { content?: string; language?: string } | string | undefined): Promise<TextDocument> {
  if (target instanceof Uri || typeof target === 'string') {
    const uri = typeof target === 'string' ? Uri.file(target) : target;
    const existing = state.documents.find((d) => d.uri.toString() === uri.toString());
    if (existing) return existing;
    const document = new TextDocument(uri, languageOf(uri.path), readFileSync(uri.fsPath, 'utf8'));
    state.documents.push(document);
    onDidOpen.fire(document);
    return document;
  }
  const document = new TextDocument(Uri.untitled(`Untitled-${++untitledCounter}`), target?.language ?? 'plaintext', target?.content ?? '');
  state.documents.push(document);
  onDidOpen.fire(document);
  return document;
}

function label(item: QuickPickItemLike): string {
  return typeof item === 'string' ? item : item.label;
}

// ── namespaces ──────────────────────────────────────────────────────────────────────────────────────

export const workspace = {
  get workspaceFolders() {
    return state.folders.length > 0 ? state.folders : undefined;
  },
  get textDocuments() {
    return [...state.documents];
  },
  getConfiguration(section?: string) {
    const prefix = section ? `${section}.` : '';
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        return state.config.has(prefix + key) ? (state.config.get(prefix + key) as T) : defaultValue;
      },
      has(key: string): boolean {
        return state.config.has(prefix + key);
      },
      async update(key: string, value: unknown): Promise<void> {
        harness.configure({ [prefix + key]: value });
      },
    };
  },
  getWorkspaceFolder(uri: Uri) {
    return state.folders.find((f) => uri.path === f.uri.path || uri.path.startsWith(`${f.uri.path}/`));
  },
  asRelativePath(path: string | Uri): string {
    const p = typeof path === 'string' ? path : path.fsPath;
    const folder = state.folders.find((f) => p.startsWith(f.uri.fsPath));
    return folder ? p.slice(folder.uri.fsPath.length + 1) : p;
  },
  openTextDocument: openDocument,
  onDidOpenTextDocument: onDidOpen.event,
  onDidSaveTextDocument: onDidSave.event,
  onDidCloseTextDocument: onDidClose.event,
  onDidChangeConfiguration: onDidChangeConfiguration.event,
  onDidChangeWorkspaceFolders: onDidChangeWorkspaceFolders.event,
};

function message(level: MessageRecord['level']) {
  return async (text: string, ...rest: unknown[]): Promise<string | undefined> => {
    const items = rest.filter((r): r is string => typeof r === 'string');
    state.messages.push({ level, message: text, items });
    if (items.length === 0) return undefined;
    const answer = state.messageAnswers.length > 0 ? state.messageAnswers.shift() : undefined;
    return answer !== undefined && items.includes(answer) ? answer : undefined;
  };
}

export const window = {
  activeTextEditor: undefined as { document: TextDocument } | undefined,
  async showTextDocument(target: TextDocument | Uri, _options?: unknown) {
    const document = target instanceof TextDocument ? target : await openDocument(target);
    window.activeTextEditor = { document };
    state.shown.push(document);
    return window.activeTextEditor;
  },
  async showQuickPick(items: readonly QuickPickItemLike[] | Promise<readonly QuickPickItemLike[]>, options?: { title?: string }) {
    const list = [...(await items)];
    state.quickPickCalls.push({ items: list, ...(options?.title ? { title: options.title } : {}) });
    const answer = nextAnswer(state.quickPicks, `showQuickPick "${options?.title ?? ''}" (${list.map(label).join(' | ')})`);
    if (answer === undefined) return undefined;
    if (typeof answer === 'function') return answer(list);
    const found = list.find((item) => label(item) === answer || label(item).endsWith(answer));
    if (!found) throw new Error(`test double: no quick pick item "${answer}" in ${list.map(label).join(' | ')}`);
    return found;
  },
  async showInputBox(options?: { validateInput?: (value: string) => unknown; prompt?: string }) {
    const answer = nextAnswer(state.inputBoxes, `showInputBox "${options?.prompt ?? ''}"`);
    if (answer !== undefined && options?.validateInput) {
      const problem = await options.validateInput(answer);
      if (problem) throw new Error(`test double: input "${answer}" rejected: ${String(problem)}`);
    }
    return answer;
  },
  async showOpenDialog() {
    return nextAnswer(state.openDialogs, 'showOpenDialog');
  },
  async showSaveDialog() {
    return nextAnswer(state.saveDialogs, 'showSaveDialog');
  },
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  async withProgress<T>(
    options: { title?: string },
    task: (
      progress: { report(value: { message?: string; increment?: number }): void },
      token: CancellationTokenSource['token'],
    ) => Promise<T>,
  ): Promise<T> {
    const record = { ...(options.title ? { title: options.title } : {}), reports: [] as { message?: string; increment?: number }[] };
    state.progress.push(record);
    const source = new CancellationTokenSource();
    state.onProgressStart?.(() => source.cancel());
    try {
      return await task({ report: (value) => record.reports.push(value) }, source.token);
    } finally {
      source.dispose();
    }
  },
  createWebviewPanel(viewType: string, title: string, _column: unknown, options: unknown): WebviewPanelDouble {
    const disposed = new EventEmitter<void>();
    const panel: WebviewPanelDouble = {
      viewType,
      title,
      options,
      webview: { html: '', cspSource: 'https://webview.test', options },
      disposed: false,
      dispose() {
        panel.disposed = true;
        disposed.fire();
      },
      onDidDispose: disposed.event,
      reveal() {},
    };
    state.panels.push(panel);
    return panel;
  },
  createOutputChannel(name: string) {
    return {
      name,
      append: (text: string) => state.output.push(text),
      appendLine: (text: string) => state.output.push(`${text}\n`),
      show() {},
      clear() {},
      dispose() {},
    };
  },
  createStatusBarItem(_id?: string, _alignment?: StatusBarAlignment, _priority?: number): StatusBarItemDouble {
    const item: StatusBarItemDouble = {
      text: '',
      tooltip: undefined,
      command: undefined,
      name: undefined,
      visible: false,
      show() {
        item.visible = true;
      },
      hide() {
        item.visible = false;
      },
      dispose() {
        item.visible = false;
      },
    };
    state.statusItems.push(item);
    return item;
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    if (commandHandlers.has(id)) throw new Error(`command ${id} already registered`);
    commandHandlers.set(id, handler);
    return new Disposable(() => commandHandlers.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    state.executed.push({ command: id, args });
    const handler = commandHandlers.get(id);
    return handler ? handler(...args) : undefined;
  },
  async getCommands(): Promise<string[]> {
    return [...commandHandlers.keys()];
  },
};

export const languages = {
  createDiagnosticCollection(name = ''): DiagnosticCollectionDouble {
    const collection = new DiagnosticCollectionDouble(name);
    diagnosticCollections.push(collection);
    return collection;
  },
  registerCodeActionsProvider(selector: unknown, provider: { provideCodeActions(...args: unknown[]): unknown }): Disposable {
    const entry = { selector, provider };
    codeActionProviders.push(entry);
    return new Disposable(() => codeActionProviders.splice(codeActionProviders.indexOf(entry), 1));
  },
};

export const lm = {
  registerMcpServerDefinitionProvider(id: string, provider: unknown): Disposable {
    mcpProviders.set(id, provider);
    return new Disposable(() => mcpProviders.delete(id));
  },
};

export const env = {
  async openExternal(): Promise<boolean> {
    return true;
  },
};

// ── the extension context ───────────────────────────────────────────────────────────────────────────

export function createExtensionContext(extensionPath: string) {
  const secrets = new Map<string, string>();
  const secretChanges = new EventEmitter<{ key: string }>();
  const memento = () => {
    const values = new Map<string, unknown>();
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        return values.has(key) ? (values.get(key) as T) : defaultValue;
      },
      async update(key: string, value: unknown): Promise<void> {
        if (value === undefined) values.delete(key);
        else values.set(key, structuredClone(value));
      },
      keys: () => [...values.keys()],
    };
  };
  const storage = mkdtempSync(join(tmpdir(), 'sdg-vscode-storage-'));
  return {
    subscriptions: [] as { dispose(): unknown }[],
    /** Test hook: the temporary folder behind storageUri and globalStorageUri, for cleanup. */
    storageRoot: storage,
    extensionPath,
    extensionUri: Uri.file(extensionPath),
    storageUri: Uri.file(join(storage, 'workspace')),
    globalStorageUri: Uri.file(join(storage, 'global')),
    workspaceState: memento(),
    globalState: memento(),
    secrets: {
      async get(key: string) {
        return secrets.get(key);
      },
      async store(key: string, value: string) {
        secrets.set(key, value);
        secretChanges.fire({ key });
      },
      async delete(key: string) {
        secrets.delete(key);
        secretChanges.fire({ key });
      },
      onDidChange: secretChanges.event,
    },
  };
}

// ── what tests drive ────────────────────────────────────────────────────────────────────────────────

export const harness = {
  state,
  commandHandlers,
  diagnosticCollections,
  codeActionProviders,
  mcpProviders,
  /** Sets configuration values (`{'synthdatagen.mode': 'remote'}`) and fires onDidChangeConfiguration. */
  configure(values: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) state.config.delete(key);
      else state.config.set(key, value);
    }
    const keys = Object.keys(values);
    onDidChangeConfiguration.fire({ affectsConfiguration: (section) => keys.some((k) => k === section || k.startsWith(`${section}.`)) });
  },
  setWorkspaceFolders(paths: readonly string[]): void {
    state.folders = paths.map((p, index) => ({ uri: Uri.file(p), name: posix.basename(p), index }));
    onDidChangeWorkspaceFolders.fire({});
  },
  /** Scripted answers, consumed in order. */
  answerQuickPicks(...answers: QuickPickAnswer[]): void {
    state.quickPicks.push(...answers);
  },
  answerInputBoxes(...answers: (string | undefined)[]): void {
    state.inputBoxes.push(...answers);
  },
  answerMessages(...answers: (string | undefined)[]): void {
    state.messageAnswers.push(...answers);
  },
  answerOpenDialogs(...answers: (Uri[] | undefined)[]): void {
    state.openDialogs.push(...answers);
  },
  answerSaveDialogs(...answers: (Uri | undefined)[]): void {
    state.saveDialogs.push(...answers);
  },
  closeDocument(document: TextDocument): void {
    state.documents.splice(state.documents.indexOf(document), 1);
    onDidClose.fire(document);
  },
  /** Forgets what the last test did (answers left over are a test bug and fail here). */
  reset(): void {
    const leftover = [state.quickPicks, state.inputBoxes, state.openDialogs, state.saveDialogs].some((q) => q.length > 0);
    const fresh = freshState();
    fresh.config = state.config;
    fresh.folders = state.folders;
    fresh.documents = state.documents;
    fresh.statusItems = state.statusItems;
    Object.assign(state, fresh);
    window.activeTextEditor = undefined;
    if (leftover) throw new Error('test double: scripted answers were left unused');
  },
  diagnosticsFor(uri: Uri): Diagnostic[] {
    return diagnosticCollections.flatMap((c) => c.get(uri) ?? []);
  },
  /** Waits until `check` passes (events the extension handles asynchronously: lint on open/save). */
  async eventually<T>(check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error('test double: condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  },
};
