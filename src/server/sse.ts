/** Server-sent events for run progress: one `event:` per update, a comment every 15 s to keep proxies open. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RunUpdate } from '../jobs/index.js';

const HEARTBEAT_MS = 15_000;

/**
 * Streams updates until the run is done or the client goes away. `subscribe` gets the listener and returns
 * its unsubscribe function; the first update it delivers is the run's current state.
 */
export function streamRunUpdates(
  request: FastifyRequest,
  reply: FastifyReply,
  subscribe: (listener: (update: RunUpdate) => void) => () => void,
): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let closed = false;
  let unsubscribe: () => void = () => {};
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    raw.end();
  };
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  request.raw.on('close', close);
  unsubscribe = subscribe((update) => {
    if (closed) return;
    raw.write(`event: ${update.type}\ndata: ${JSON.stringify(update)}\n\n`);
    if (update.type === 'done') setImmediate(close);
  });
}
