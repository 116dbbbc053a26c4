/**
 * A loopback proxy that adds an API key to requests for the MCP endpoint, for MCP clients that cannot send
 * headers: the conformance suite (it connects with a bare URL) and @modelcontextprotocol/inspector 0.15's
 * CLI (`--header` arrived in a later release). Everything else passes through untouched — Host and Origin
 * included, so the server's DNS-rebinding check sees exactly what the client sent.
 *
 *   SYNTHDATAGEN_API_KEY=sdg_… tsx scripts/mcp-auth-proxy.ts --target http://127.0.0.1:8080 [--port 8081]
 *   npx mcp-inspector --cli http://127.0.0.1:8081/mcp --transport http --method tools/list
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export interface AuthProxy {
  /** e.g. http://127.0.0.1:8081 */
  readonly url: string;
  close(): Promise<void>;
}

export async function startAuthProxy(options: {
  readonly target: string;
  readonly key: string;
  readonly port?: number;
}): Promise<AuthProxy> {
  const target = new URL(options.target);
  const server: Server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers };
    if (headers.authorization === undefined && headers['x-api-key'] === undefined) headers.authorization = `Bearer ${options.key}`;
    const upstream = request(
      { hostname: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`proxy: ${error.message}`);
    });
    // A client that hangs up (e.g. leaving an SSE stream) must hang up upstream too.
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = (name: string): string | undefined => {
    const index = process.argv.indexOf(name);
    return index === -1 ? undefined : process.argv[index + 1];
  };
  const key = process.env.SYNTHDATAGEN_API_KEY;
  const target = flag('--target') ?? 'http://127.0.0.1:8080';
  if (key === undefined || key === '') {
    process.stderr.write('mcp-auth-proxy: set SYNTHDATAGEN_API_KEY to the key to add\n');
    process.exit(2);
  }
  const proxy = await startAuthProxy({ target, key, ...(flag('--port') ? { port: Number(flag('--port')) } : {}) });
  process.stderr.write(`mcp-auth-proxy: ${proxy.url}/mcp → ${target}/mcp (adds the key)\n`);
}
