import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Ceilings for a hung test, not speed limits: CLI tests spawn processes, and on a 2-core machine under
    // load one spawn has taken 30 s (a 60 s ceiling failed a two-spawn test that way).
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: [
        'src/core/**',
        'src/schema/**',
        'src/generate/**',
        'src/infer/**',
        'src/evaluate/**',
        'src/pii/**',
        'src/visualize/**',
        'src/pipeline/**',
      ],
      exclude: ['**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90 },
    },
  },
});
