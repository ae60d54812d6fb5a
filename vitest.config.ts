import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/build-first.ts'],
    // most of a test's time is spent waiting on the child processes and builds it starts: more files at once than
    // vitest's default (one fewer than the cores) keep a 2-core machine busy
    maxWorkers: 2,
    // builds and CLI runs take seconds on a 2-core machine; no test measures speed (that is `npm run bench`)
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
