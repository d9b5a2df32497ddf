import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/**/*.test.ts',
      'engine/**/*.test.ts',
      'connectors/**/*.test.ts',
      'server/**/*.test.ts',
      'editor/src/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'editor/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
