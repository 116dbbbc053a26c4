/**
 * DNS-rebinding protection: a browser tricked into sending requests to this server from another site sends
 * that site's name in Host (and its origin in Origin). Requests whose Host is not a name this server answers
 * to, or whose Origin is another site, are refused before any route runs. Loopback names are always
 * allowed; a server bound beyond loopback lists its names in SYNTHDATAGEN_ALLOWED_HOSTS, or, without that
 * list, accepts any Host but still requires a browser's Origin to match it.
 */
import type { FastifyInstance } from 'fastify';
import { SdgError } from '../core/index.js';
import type { ServerConfig } from './config.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostnameOf(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon >= 0 ? lower.slice(0, colon) : lower;
}

function isLoopbackBind(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || host.startsWith('127.');
}

export function registerHostCheck(app: FastifyInstance, config: ServerConfig): void {
  const listed = new Set(config.allowedHosts);
  const strict = listed.size > 0 || isLoopbackBind(config.host);
  const allowedName = (name: string): boolean => LOOPBACK.has(name) || listed.has(name) || name.startsWith('127.');
  app.addHook('onRequest', async (request) => {
    const host = request.headers.host ?? '';
    const name = hostnameOf(host);
    if (strict && !allowedName(name)) {
      throw new SdgError('SDG_ERR_FORBIDDEN', `requests for host ${JSON.stringify(host)} are not served here`, {
        hint: 'add the name to SYNTHDATAGEN_ALLOWED_HOSTS if this server should answer to it',
      });
    }
    const origin = request.headers.origin;
    if (typeof origin === 'string' && origin !== 'null') {
      let originHost: string;
      try {
        originHost = new URL(origin).host.toLowerCase();
      } catch {
        throw new SdgError('SDG_ERR_FORBIDDEN', 'the Origin header is not a URL');
      }
      const originName = hostnameOf(originHost);
      const sameOrigin = originHost === host.toLowerCase();
      if (!sameOrigin && !(strict && allowedName(originName))) {
        throw new SdgError('SDG_ERR_FORBIDDEN', `cross-origin requests from ${origin} are not allowed`, {
          hint: 'call the API from the server’s own origin or without a browser',
        });
      }
    }
  });
}
