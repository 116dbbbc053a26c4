/** The only file-system code of the writers: a RowSink over an fs write stream, honouring backpressure. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { SdgError } from '../../core/index.js';
import type { RowSink } from './types.js';

export interface FileSink extends RowSink {
  /** Flushes and closes the file; call after the writer's end(). */
  close(): Promise<void>;
}

export function fileSink(path: string): FileSink {
  const stream = createWriteStream(path);
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const ioError = (error: Error): SdgError => new SdgError('SDG_ERR_IO', `Cannot write ${path}: ${error.message}`, { cause: error });
  return {
    write(chunk) {
      if (failure !== undefined) throw ioError(failure);
      // Only wait when the stream's buffer is full: a promise per chunk would cost more than the write.
      if (stream.write(chunk)) return undefined;
      return new Promise<void>((resolve, reject) => {
        const onDrain = (): void => {
          stream.off('error', onError);
          resolve();
        };
        const onError = (error: Error): void => {
          stream.off('drain', onDrain);
          reject(ioError(error));
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    },
    async close() {
      if (failure !== undefined) throw ioError(failure);
      if (stream.closed) return;
      const closed = once(stream, 'close');
      stream.end();
      try {
        await closed;
      } catch (error) {
        throw ioError(error as Error);
      }
      if (failure !== undefined) throw ioError(failure);
    },
  };
}
