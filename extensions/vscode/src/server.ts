/**
 * The REST client for remote mode (docs/service.md). Free of the vscode API. Every failure is a ServerError
 * carrying the server's error shape `{code, message, pointer, hint}`, so commands show the server's own fix.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';

export interface LintIssue {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly pointer: string;
  readonly message: string;
  readonly hint: string;
}

export interface LintResult {
  readonly valid: boolean;
  readonly draft?: string;
  readonly issues: readonly LintIssue[];
}

/** The run as GET /api/runs/:id answers (the fields the extension reads). */
export interface RunView {
  readonly runId: string;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  readonly rowCount: number;
  readonly seed: number | string;
  readonly format: string;
  readonly createdAt: string;
  readonly finishedAt?: string | null;
  readonly durationMs?: number | null;
  readonly user?: string;
  readonly schemaId?: string | null;
  readonly templateId?: string | null;
  readonly dataUrl: string | null;
  readonly reportHtmlUrl: string | null;
  readonly reportUrl: string | null;
  readonly evaluation?: { readonly status?: string; readonly summary?: unknown } | null;
  readonly pii?: { readonly verdict?: string; readonly findings?: readonly PiiFinding[] } | null;
  readonly error?: { readonly code: string; readonly message: string; readonly pointer?: string; readonly hint?: string } | null;
  readonly eventsUrl?: string;
}

export interface PiiFinding {
  readonly column: string;
  readonly entity: string;
  readonly severity: 'blocking' | 'warning';
  readonly count: number;
  readonly confidence: number;
  readonly maskedExample?: string;
  readonly remediation?: string;
}

export interface HistoryPage {
  readonly items: readonly RunView[];
  readonly nextCursor: string | null;
  readonly total: number;
}

export interface Me {
  readonly id: string;
  readonly name?: string;
  readonly role: string;
  readonly permissions: readonly string[];
  readonly defaults?: { readonly defaultRowCount?: number; readonly defaultFormat?: string };
}

export type RunUpdate =
  | { readonly type: 'queued'; readonly position: number }
  | { readonly type: 'progress'; readonly stage: string; readonly rowsDone: number; readonly rowCount: number; readonly fraction: number }
  | { readonly type: 'done'; readonly status: string; readonly error?: { readonly code: string; readonly message: string } };

export class ServerError extends Error {
  readonly status: number;
  readonly code: string;
  readonly pointer: string | undefined;
  readonly hint: string | undefined;
  readonly body: unknown;

  constructor(status: number, body: unknown, fallback: string) {
    const error = (body as { error?: { code?: unknown; message?: unknown; pointer?: unknown; hint?: unknown } } | undefined)?.error;
    const message = typeof error?.message === 'string' ? error.message : fallback;
    const hint = typeof error?.hint === 'string' ? error.hint : undefined;
    super(hint ? `${message} — ${hint}` : message);
    this.name = 'ServerError';
    this.status = status;
    this.code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
    this.pointer = typeof error?.pointer === 'string' ? error.pointer : undefined;
    this.hint = hint;
    this.body = body;
  }
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
}

export class ServerClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string | undefined,
  ) {}

  /** An absolute URL for a path the server answered with (`/api/runs/…`). */
  url(path: string, query?: RequestOptions['query']): string {
    // Paths are joined to the base, not resolved against it, so a server behind a path prefix works.
    const url = new URL(/^https?:\/\//.test(path) ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}), ...extra };
  }

  private async fetch(method: string, path: string, options: RequestOptions = {}, accept = 'application/json'): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(this.url(path, options.query), {
        method,
        headers: this.headers({ accept, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) }),
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new ServerError(
        0,
        undefined,
        `cannot reach the SynthDataGen server at ${this.baseUrl}${cause ? ` (${cause})` : ''} — start it with "synthdatagen serve" or check synthdatagen.serverUrl`,
      );
    }
    if (!response.ok) {
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const fallback =
        response.status === 401
          ? 'the server refused the API key — run "SynthDataGen: Set the API key for the server"'
          : `${method} ${path} answered ${response.status}`;
      throw new ServerError(response.status, body, fallback);
    }
    return response;
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await (await this.fetch(method, path, options)).json()) as T;
  }

  async bytes(path: string, signal?: AbortSignal): Promise<Buffer> {
    return Buffer.from(await (await this.fetch('GET', path, signal ? { signal } : {}, '*/*')).arrayBuffer());
  }

  async text(path: string, signal?: AbortSignal): Promise<string> {
    return (await this.fetch('GET', path, signal ? { signal } : {}, '*/*')).text();
  }

  me(): Promise<Me> {
    return this.json('GET', '/api/me');
  }

  settings(): Promise<Record<string, unknown>> {
    return this.json('GET', '/api/settings');
  }

  lint(schema: unknown, signal?: AbortSignal): Promise<LintResult> {
    return this.json('POST', '/api/lint', { body: { schema }, ...(signal ? { signal } : {}) });
  }

  inferSchema(text: string, name: string, format: 'csv' | 'json' | 'jsonl' | undefined): Promise<{ schema: unknown; report?: unknown }> {
    return this.json('POST', '/api/inferSchema', { body: { text, name, ...(format ? { format } : {}) } });
  }

  /** The first rows of a schema (at most 50), generated like a run's first rows; nothing is stored. */
  preview(schema: unknown, count: number, seed: number | string): Promise<{ rows: unknown[] }> {
    return this.json('POST', '/api/preview', { body: { schema, count: Math.min(Math.max(count, 1), 50), seed } });
  }

  /** Starts a run in the background (async: true), so it has an id to follow and to cancel at once. */
  startRun(body: Record<string, unknown>): Promise<RunView> {
    // Not abortable: a request cut short could still start a run whose id we would never learn. Cancelling
    // before waitForRun is handled there (an aborted signal cancels the run at once).
    return this.json('POST', '/api/syntheticDataPipeline', { body: { ...body, async: true } });
  }

  getRun(runId: string, signal?: AbortSignal): Promise<RunView> {
    return this.json('GET', `/api/runs/${encodeURIComponent(runId)}`, signal ? { signal } : {});
  }

  cancelRun(runId: string): Promise<RunView> {
    return this.json('POST', `/api/runs/${encodeURIComponent(runId)}/cancel`);
  }

  history(query: { limit?: number; cursor?: string; status?: string } = {}): Promise<HistoryPage> {
    return this.json('GET', '/api/pipelineHistory', { query: { limit: query.limit ?? 50, cursor: query.cursor, status: query.status } });
  }

  /**
   * Follows a run's server-sent events until it is done and answers the finished run. Progress goes to
   * `onUpdate`. Aborting the signal cancels the run on the server too.
   */
  async waitForRun(runId: string, onUpdate: (update: RunUpdate) => void, signal?: AbortSignal): Promise<RunView> {
    const cancel = (): Promise<unknown> => this.cancelRun(runId).catch(() => undefined);
    if (signal?.aborted) {
      await cancel();
      return this.getRun(runId);
    }
    const onAbort = (): void => void cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.fetch(
        'GET',
        `/api/runs/${encodeURIComponent(runId)}/events`,
        signal ? { signal } : {},
        'text/event-stream',
      );
      if (response.body) {
        const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
        for await (const event of events) {
          const update = JSON.parse(event.data) as RunUpdate;
          onUpdate(update);
          if (update.type === 'done') break;
        }
      }
    } catch (error) {
      // Cancelled: the run is being cancelled on the server; answer how it stands rather than the abort.
      if (!signal?.aborted) throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return this.getRun(runId);
  }
}

/** The MCP endpoint of a server URL. */
export function mcpUrl(serverUrl: string): string {
  return new URL(`${serverUrl.replace(/\/+$/, '')}/mcp`).toString();
}
