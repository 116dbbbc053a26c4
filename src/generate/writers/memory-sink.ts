/** Collects a writer's output in memory: for tests, previews and small HTTP responses. */
import type { RowSink } from './types.js';

export interface MemorySink extends RowSink {
  readonly chunks: ReadonlyArray<string | Uint8Array>;
  /** Everything written, UTF-8 encoded. */
  bytes(): Uint8Array;
  text(): string;
}

export function memorySink(): MemorySink {
  const chunks: Array<string | Uint8Array> = [];
  const encoder = new TextEncoder();
  const bytes = (): Uint8Array => {
    const parts = chunks.map((c) => (typeof c === 'string' ? encoder.encode(c) : c));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  return {
    chunks,
    write(chunk) {
      // Copy bytes: a producer may reuse its buffer once write returns.
      chunks.push(typeof chunk === 'string' ? chunk : chunk.slice());
    },
    bytes,
    text: () => new TextDecoder().decode(bytes()),
  };
}
