import { defineConfig } from '@playwright/test';

/** A run that sets up faults and then hangs, to be SIGKILLed by specs/lab/containment.spec.ts. */
export default defineConfig({
  testDir: '.',
  testMatch: 'hold-faults.ts',
  outputDir: '/tmp/wslab-killed-run-results',
  reporter: 'null',
  timeout: 0,
});
