import { defineConfig } from 'vitest/config';

// Browser tests: their own project, so `npm test` never needs Chromium (see scripts/test-browser.mjs).
export default defineConfig({
  test: {
    root: new URL('../../..', import.meta.url).pathname,
    include: ['src/web/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
