import { defineConfig } from '@playwright/test';
import type { ProjectMetadata } from './fixtures/browser';
import { chooseBrowser, engines } from './drivers/resolve';
import { readProfile } from './scenarios/profile';

const profile = readProfile();

export default defineConfig({
  testDir: './specs',
  globalSetup: './fixtures/global-setup.ts',
  fullyParallel: true,
  // Tests mostly wait on sockets, not CPU; a few more workers than the 2 cores keep windows overlapping.
  workers: process.env.WSLAB_WORKERS ? Number(process.env.WSLAB_WORKERS) : 3,
  timeout: profile === 'full' ? 40 * 60_000 : 120_000,
  forbidOnly: !!process.env.CI,
  reporter: [
    [process.env.CI ? 'list' : 'line'],
    ['html', { open: 'never' }],
    ['./findings/reporter.ts'],
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
