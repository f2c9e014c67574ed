import { defineConfig } from '@playwright/test';

/** Run as an unprivileged user by specs/lab/clean-failure.spec.ts. */
export default defineConfig({ testDir: '.', testMatch: 'report-reason.ts', outputDir: '/tmp/wslab-unprivileged-results', reporter: 'null' });
