/**
 * The app the browser tests drive, and `npm start` serves, is the production build: the test runner
 * sets NODE_ENV=test, which Vite would otherwise pass on to React (its development build is slower
 * and would be what the tests and the benchmark measured).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReason, REPO_ROOT } from '../../scripts/build-lib.mjs';
import { prepareApp } from './harness';

describe('the built app', () => {
  it('is React’s production build, even when built from a test run', () => {
    expect(process.env.NODE_ENV).toBe('test');
    prepareApp();
    expect(buildReason(REPO_ROOT)).toBeNull();
    const assets = join(REPO_ROOT, 'dist', 'assets');
    const main = readdirSync(assets).filter((f) => /^index-.*\.js$/.test(f));
    expect(main.length).toBeGreaterThan(0);
    for (const f of main) {
      const js = readFileSync(join(assets, f), 'utf8');
      // The development JSX runtime and its owner-stack tasks exist only in React's development build.
      expect(js.includes('jsxDEV')).toBe(false);
      expect(js).toContain('createRoot');
    }
  });
});
