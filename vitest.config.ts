import { defineConfig } from 'vitest/config';

// Browser tests (headless Chromium against the built app) run one file at a time, after the unit
// tests: on a 2-core machine, parallel browsers starve DuckDB-WASM and make timings flaky.
const E2E = ['tests/e2e/**/*.test.ts', 'tests/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts', 'src/**/*.test.ts'], exclude: E2E, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // A poll waits for the page, not a fixed time: the app writes the URL when it is next idle
        // (up to 750 ms after a change, src/store/urlSync.ts), and a busy CI machine is slower.
        test: { name: 'e2e', include: E2E, fileParallelism: false, sequence: { groupOrder: 1 }, expect: { poll: { timeout: 5_000 } } },
      },
    ],
  },
});
