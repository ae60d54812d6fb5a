import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/build-first.ts'],
    // builds and CLI runs take seconds on a 2-core machine; no test measures speed (that is `npm run bench`)
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
