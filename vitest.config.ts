import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
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
