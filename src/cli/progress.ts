/**
 * Progress on stderr, only for a person watching: when stderr is not a terminal (CI logs, redirects) a
 * redrawn bar would be noise, so nothing is printed at all.
 */
import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

export interface Progress {
  advance(rows: number): void;
  /** Leaves the bar at its final state and moves to a new line, so an error message stands on its own line. */
  stop(): void;
}

const SILENT: Progress = { advance() {}, stop() {} };

export function startProgress(io: CliIo, total: number, enabled: boolean): Progress {
  if (!enabled || io.stderr.isTTY !== true || total === 0) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: 'generating [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;
  bar.start(total, 0, { rate: 0 });
  return {
    advance(rows) {
      done += rows;
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds) : 0 });
    },
    stop() {
      bar.stop();
    },
  };
}
