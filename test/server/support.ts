/** A real server for integration tests: listening on a loopback port, over a test store of either dialect. */
import type { FastifyInstance } from 'fastify';
import { createKey, ROLES, type Role } from '../../src/auth/index.js';
import { createServer, loadConfig, type ServerConfig } from '../../src/server/index.js';
import type { SynthService } from '../../src/service/index.js';
import type { DialectName, Store } from '../../src/store/index.js';
import { testStores } from '../store/databases.js';

export interface TestServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly service: SynthService;
  /** A raw API key per role. */
  readonly keys: Readonly<Record<Role, string>>;
  readonly keyIds: Readonly<Record<Role, string>>;
  call(
    method: string,
    path: string,
    options?: { key?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly bytes: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
}

export async function startTestServer(dialect: DialectName, overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const stores = testStores(dialect);
  const store = await stores.open();
  const config = loadConfig({}, { logLevel: 'silent', port: 0, host: '127.0.0.1', ...overrides });
  const { app, service } = await createServer(store, config);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const keys = {} as Record<Role, string>;
  const keyIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    const created = await createKey(store, { role, name: `${role} test key`, actor: { id: 'test' } });
    keys[role] = created.secret;
    keyIds[role] = created.key.id;
  }
  return {
    url: address,
    app,
    store,
    service,
    keys,
    keyIds,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.key !== null) headers.authorization = `Bearer ${options.key ?? keys.admin}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${address}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const bytes = Buffer.from(await response.arrayBuffer());
      const text = bytes.toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, bytes, json };
    },
    async close() {
      await app.close();
      await service.queue.drain();
      await stores.cleanup();
    },
  };
}

/** Waits until a run leaves queued/running. */
export async function waitForRun(server: TestServer, runId: string, timeoutMs = 60_000): Promise<TestResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await server.call('GET', `/api/runs/${runId}`);
    if (response.json?.status !== 'queued' && response.json?.status !== 'running') return response;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
