/**
 * How the server hands out the Admin UI (src/server/static.ts), over plain HTTP: index.html for app paths
 * (the single-page fallback) with its security headers, hashed assets cached for good and gzipped, API
 * paths still answering in the API's error shape, and nothing outside web/dist reachable.
 */
import { request } from 'node:http';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eServer, type E2eServer } from './support.js';

let server: E2eServer;

beforeAll(async () => {
  server = await startE2eServer();
});

afterAll(async () => {
  await server?.close();
});

/** A raw GET (fetch would normalise `..` and decompress), returning status, headers and body bytes. */
function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const url = new URL(server.url);
  return new Promise((done, fail) => {
    const outgoing = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    outgoing.on('error', fail);
    outgoing.end();
  });
}

describe('the Admin UI at /', () => {
  it('answers app paths with index.html and a strict content security policy', async () => {
    for (const path of ['/', '/history', '/runs/run_abc', '/library/schemas/sch_1?x=1']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.body.toString()).toContain('<div id="root">');
      expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets gzipped and cached for good', async () => {
    const script = readdirSync(resolve(import.meta.dirname, '../../web/dist/assets')).find(
      (name) => name.startsWith('index-') && name.endsWith('.js'),
    )!;
    const plain = await get(`/assets/${script}`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const zipped = await get(`/assets/${script}`, { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('leaves API paths to the API and its error shape', async () => {
    const unknown = await get('/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString()).error.code).toBe('SDG_ERR_NOT_FOUND');
    const health = await get('/healthz');
    expect(JSON.parse(health.body.toString())).toEqual({ status: 'ok' });
    const me = await get('/api/me');
    expect(me.status).toBe(401);
  });

  it('serves nothing outside web/dist, and 404s missing files instead of falling back', async () => {
    for (const path of ['/assets/..%2f..%2fpackage.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/missing.js']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString()).not.toContain('"name": "synthdatagen"');
    }
    // Malformed percent-encoding is refused (Fastify answers 400 before any route).
    expect([400, 404]).toContain((await get('/%E0%A4%A')).status);
  });
});
