/**
 * The Admin UI's end-to-end tests (`npm run test:e2e`): Debian's Chromium against the real server. Kept
 * out of the main suite (its files are *.e2e.ts) and run one file at a time: each starts its own server
 * and browser, and the machine has two cores.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
