/**
 * MCP over stdio (`synthdatagen mcp`), for VS Code, desktop clients and the inspector: one server for the
 * life of the process, acting for one principal —
 *
 * - the API key in SYNTHDATAGEN_API_KEY when it is set, checked against the store like an HTTP request
 *   (a bad key stops the server before it answers anything, and is audited);
 * - otherwise the local user, `cli:<login>`, as admin: whoever can run this command can open the database
 *   file (or reach DATABASE_URL) directly, so a lesser role would protect nothing. Runs and audit events
 *   name that login.
 *
 * stdout carries the protocol only; diagnostics go to stderr.
 */
import { userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { authenticate } from '../auth/index.js';
import { SdgError } from '../core/index.js';
import type { Principal, SynthService } from '../service/index.js';
import { createMcpServer, type McpServerOptions } from './server.js';

export const API_KEY_ENV = 'SYNTHDATAGEN_API_KEY';

function login(env: Readonly<Record<string, string | undefined>>): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment is the only name there is.
    return env.USER ?? env.LOGNAME ?? env.USERNAME ?? 'unknown';
  }
}

/** Who the stdio server acts for (see the top of this file). */
export async function resolveStdioPrincipal(service: SynthService, env: Readonly<Record<string, string | undefined>>): Promise<Principal> {
  const key = env[API_KEY_ENV]?.trim();
  if (key === undefined || key === '') {
    const name = login(env);
    return { id: `cli:${name}`, name, role: 'admin' };
  }
  const result = await authenticate(service.store, key);
  if (!result.ok) {
    await service.auditDenied(null, result.reason, { method: 'stdio', route: 'synthdatagen mcp' });
    throw new SdgError(
      'SDG_ERR_UNAUTHORIZED',
      result.reason === 'revoked_key' ? `the key in ${API_KEY_ENV} was revoked` : `the key in ${API_KEY_ENV} is not valid`,
      {
        hint: `unset ${API_KEY_ENV} to act as the local user, or ask an admin for a key (synthdatagen keys create --role …)`,
      },
    );
  }
  return { id: result.key.id, name: result.key.name, role: result.key.role };
}

export interface StdioOptions extends Omit<McpServerOptions, 'onInternalError'> {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Serves until the client closes stdin (or `stop` is called); resolves once the server is closed. */
export async function serveStdio(options: StdioOptions): Promise<{ readonly closed: Promise<void>; stop(): Promise<void> }> {
  const { stdin, stdout, stderr, ...serverOptions } = options;
  const server = createMcpServer({
    ...serverOptions,
    onInternalError: (error, where) =>
      stderr.write(
        `synthdatagen mcp: internal error in ${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      ),
  });
  const transport = new StdioServerTransport(stdin, stdout);
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  transport.onclose = () => resolveClosed();
  transport.onerror = (error) => stderr.write(`synthdatagen mcp: ${error.message}\n`);
  // The SDK's transport does not watch for the end of stdin; a client that goes away must end the server.
  const end = (): void => void server.close();
  stdin.once('end', end);
  stdin.once('close', end);
  await server.connect(transport);
  return {
    closed,
    async stop() {
      await server.close();
      await closed;
    },
  };
}
