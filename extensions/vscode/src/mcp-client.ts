/**
 * One MCP tool call against the server's Streamable HTTP endpoint, for the operations REST does not expose
 * (the PII scan of arbitrary data is the `scan_pii` tool). Uses the MCP SDK's own client.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UserError } from './runtime.js';
import { mcpUrl } from './server.js';

export async function callServerTool(
  serverUrl: string,
  apiKey: string,
  name: string,
  args: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const client = new Client({ name: 'synthdatagen-vscode', version: '0.1.0' });
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl(serverUrl)), {
    requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
  });
  await client.connect(transport);
  try {
    const result = await client.callTool({ name, arguments: args }, undefined, { ...(signal ? { signal } : {}), timeout: 600_000 });
    if (result.isError) {
      const text = (result.content as { type: string; text?: string }[])
        .filter((c) => c.type === 'text' && c.text)
        .map((c) => c.text)
        .join('\n');
      throw new UserError(text || `${name} failed`);
    }
    return (result.structuredContent ?? {}) as Record<string, unknown>;
  } finally {
    await transport.terminateSession().catch(() => undefined);
    await client.close();
  }
}
