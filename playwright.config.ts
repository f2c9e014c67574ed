import { defineConfig } from '@playwright/test';
import type { ProjectMetadata } from './fixtures/browser';
import { chooseBrowser, engines } from './drivers/resolve';
import { LONG_TAG, readProfile, readScope } from './scenarios/profile';

const profile = readProfile();
const scope = readScope();

export default defineConfig({
  testDir: './specs',
  globalSetup: './fixtures/global-setup.ts',
  fullyParallel: true,
  // Most tests wait on sockets, so more workers than cores keep windows overlapping; at 8 the quick matrix keeps
  // 2 cores ~90 % busy (npm run bench), so more would only add contention. The full profile's long windows all
  // run at once, so its wall time is close to one window.
  workers: process.env.WSLAB_WORKERS ? Number(process.env.WSLAB_WORKERS) : profile === 'full' ? 24 : 8,
  timeout: profile === 'full' ? 40 * 60_000 : 120_000,
  forbidOnly: !!process.env.CI,
  // The default run (CI's gate) takes the millisecond-scale scenarios and the harness's tests, in minutes; the long
  // windows (seconds to minutes each, ~20 min in all) are tagged and run with WSLAB_SCOPE=all, nightly and in research.
  grepInvert: scope === 'all' ? undefined : new RegExp(LONG_TAG),
  reporter: [
    [process.env.CI ? 'list' : 'line'],
    ['html', { open: 'never' }],
    ['./reporters/findings-reporter.ts'],
  ],
  projects: [
    // The harness's own tests: no browser, run once.
    { name: 'lab', testMatch: 'lab/**/*.spec.ts' },
    ...engines.map(engine => ({
      name: engine,
      testIgnore: 'lab/**',
      metadata: { browser: chooseBrowser(engine) } satisfies ProjectMetadata,
    })),
  ],
});
