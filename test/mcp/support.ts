/**
 * MCP clients for the tests: the SDK's own Client over Streamable HTTP (against a real listening server)
 * and over stdio (a real `synthdatagen mcp` child process, run from source with tsx so no build is needed).
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { listAudit, type AuditEvent, type AuditEventType } from '../../src/audit/index.js';
import type { StoreSession } from '../../src/store/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const schema = {
  type: 'object',
  required: ['id', 'age', 'score', 'plan', 'email'],
  properties: {
    id: { type: 'integer', minimum: 1, maximum: 1_000_000, 'x-unique': true },
    age: { type: 'integer', minimum: 18, maximum: 90 },
    score: { type: 'number', minimum: 0, maximum: 100 },
    plan: { enum: ['free', 'pro', 'team'] },
    email: { type: 'string', format: 'email' },
  },
};

/** Generates values that look like real personal data: its PII verdict is blocked. */
export const leaky = {
  type: 'object',
  required: ['email', 'ssn'],
  properties: { email: { const: 'john.smith@gmail.com' }, ssn: { const: '123-45-6789' } },
};

export const clientInfo = { name: 'synthdatagen-tests', version: '1.0.0' };

export async function httpClient(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client(clientInfo);
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers } }));
  return client;
}

export interface StdioSession {
  readonly client: Client;
  /** What the server wrote on stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/** `synthdatagen mcp` as a child process, exactly as an IDE starts it. */
export async function stdioClient(env: Record<string, string>): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', 'src/cli/main.ts', 'mcp'],
    cwd: ROOT,
    env: { ...getDefaultEnvironment(), ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client(clientInfo);
  try {
    await client.connect(transport);
  } catch (error) {
    throw Object.assign(error as Error, { stderr });
  }
  return { client, stderr: () => stderr, close: () => client.close() };
}

export function textOf(result: CallToolResult | { content?: unknown }): string {
  const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
  return content
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}

export function blocksOf<T extends string>(result: { content?: unknown }, type: T): Array<Record<string, unknown> & { type: T }> {
  return ((result.content ?? []) as Array<Record<string, unknown> & { type: string }>).filter(
    (c): c is Record<string, unknown> & { type: T } => c.type === type,
  );
}

export function isPng(base64: string): boolean {
  return Buffer.from(base64, 'base64')
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

/** The audit events of some types (oldest first). */
export async function auditOf(store: StoreSession, types: readonly AuditEventType[]): Promise<AuditEvent[]> {
  return (await listAudit(store, { types, order: 'asc', limit: 500 })).items;
}
