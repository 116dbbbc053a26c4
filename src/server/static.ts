/**
 * The Admin UI's static files (web/dist, built by `npm run build:web`) served at `/`, with the single-page
 * app fallback: any GET that is not an API route, not a file and has no file extension answers index.html,
 * so /history or /runs/run_… can be reloaded and bookmarked. Nothing comes from a CDN.
 *
 * Files are read once and kept in memory with their gzip form (the build is a few hundred kilobytes), and
 * hashed assets are cached by browsers forever. The pages carry a strict Content-Security-Policy: scripts
 * only from this origin, no framing, and the API key never leaves the Authorization header.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SdgError } from '../core/index.js';

/** web/dist beside the package: the same path from src/server (tsx, tests) and dist/server (built). */
export const DEFAULT_UI_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface AdminUiOptions {
  /** The folder holding index.html and assets/ (default: the package's web/dist). */
  readonly root?: string;
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map', '.webmanifest']);

/**
 * Report HTML is embedded with `srcdoc` in a sandboxed frame (it inherits this policy, hence inline styles);
 * chart images and downloads are blob: URLs made from authenticated fetches.
 */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Paths the UI never answers: they belong to the API (and /mcp), which give their own 404 in the error shape. */
const NOT_UI = /^\/(api|mcp|healthz|readyz)(\/|$)/;

interface CachedFile {
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly type: string;
  readonly immutable: boolean;
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SynthDataGen</title></head><body>
<main><h1>SynthDataGen</h1><p>The Admin UI is not built. Run <code>npm run build:web</code> (or <code>npm run build</code>) and restart the server.</p>
<p>The REST API is running: see <a href="/api/docs">/api/docs</a>.</p></main></body></html>`;

/** A Fastify plugin (for buildApp's `extensions`) serving the Admin UI. */
export function adminUi(options: AdminUiOptions = {}): (app: FastifyInstance) => void {
  const root = resolve(options.root ?? DEFAULT_UI_ROOT);
  const cache = new Map<string, CachedFile>();

  const load = (relative: string): CachedFile | null => {
    const known = cache.get(relative);
    if (known) return known;
    const path = normalize(join(root, relative));
    let found: CachedFile | null = null;
    // normalize() resolves `..`; anything that lands outside the root is not ours to serve.
    if (path.startsWith(root + sep) && existsSync(path) && statSync(path).isFile()) {
      const body = readFileSync(path);
      const extension = extname(path).toLowerCase();
      found = {
        body,
        gzip: COMPRESSIBLE.has(extension) && body.length > 512 ? gzipSync(body) : undefined,
        type: MEDIA_TYPES[extension] ?? 'application/octet-stream',
        immutable: relative.startsWith('assets/'),
      };
    }
    // Only hits are kept: misses are arbitrary URLs, and a build made while running is picked up.
    if (found) cache.set(relative, found);
    return found;
  };

  const send = (request: FastifyRequest, reply: FastifyReply, file: CachedFile): FastifyReply => {
    void reply.type(file.type);
    void reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    void reply.header('vary', 'accept-encoding');
    if (file.type.startsWith('text/html')) {
      void reply.header('content-security-policy', UI_CONTENT_SECURITY_POLICY);
      void reply.header('x-frame-options', 'DENY');
      void reply.header('referrer-policy', 'no-referrer');
    }
    const accepts = request.headers['accept-encoding'];
    if (file.gzip && typeof accepts === 'string' && /\bgzip\b/.test(accepts)) {
      void reply.header('content-encoding', 'gzip');
      return reply.send(file.gzip);
    }
    return reply.send(file.body);
  };

  return (app) => {
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      let path: string;
      try {
        path = decodeURIComponent(request.url.split('?')[0]!);
      } catch {
        throw new SdgError('SDG_ERR_NOT_FOUND', 'the path is not valid percent-encoding');
      }
      if (NOT_UI.test(path))
        throw new SdgError('SDG_ERR_NOT_FOUND', `no route ${request.method} ${path}`, { hint: 'see /api/openapi.json for the routes' });
      const relative = path.replace(/^\/+/, '');
      if (relative !== '' && relative !== 'index.html') {
        const file = load(relative);
        if (file) return send(request, reply, file);
        if (extname(relative) !== '') throw new SdgError('SDG_ERR_NOT_FOUND', `no file ${path}`);
      }
      const index = load('index.html');
      if (index) return send(request, reply, index);
      return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
    };
    app.get('/', { schema: { hide: true } }, handler);
    app.get('/*', { schema: { hide: true } }, handler);
  };
}
