import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { makeLabTempDir } from '../../core/containment';
import { chooseBrowser } from '../../drivers/resolve';
import { distinctRecords } from '../../findings/observe';
import { FindingsFile } from '../../findings/schema';
import { LONG_TAG } from '../../scenarios/profile';

// Not under fixtures/harness: its nested runs take the quiet lock themselves (a shared hold here would block them).
// The nightly's sharding, on a small scale: two shards with the blob reporter, merged by `playwright
// merge-reports` into the findings reporter, give the same findings (rows, outcome records) as one unsharded run.

const root = path.join(__dirname, '..', '..');
// Millisecond scenarios whose record never varied (reports/stability.md: 5/5 stable, one outcome each); three
// tests in three files, so the two shards both get some.
const grep = 'server-close:1000|server-fin|wire-close:1000';
// The findings reporter, wherever this checkout keeps it (it is moving from findings/ to reporters/).
const findingsReporter = ['reporters/findings-reporter.ts', 'findings/reporter.ts'].find(f => existsSync(path.join(root, f)))!;

/**
 * Whether a run finished measuring: 0, or 1 when a test failed its own checks (a timing bound on a busy machine
 * says nothing about sharding; the findings below are the comparison). Anything else is a crash.
 */
const finished = (status: number | null) => status === 0 || status === 1;

/** Runs a command in the repo without blocking the worker (so the test timeout still works); resolves with its output. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise(resolve => {
    const child = spawn('npx', args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.on('close', status => resolve({ status, output }));
  });
}

function readFindings(dir: string): FindingsFile {
  return FindingsFile.parse(JSON.parse(readFileSync(path.join(dir, 'findings.json'), 'utf8')));
}

/** Each row (scenario × project) with its outcome records and trial count: what must not depend on sharding. */
function rows(file: FindingsFile) {
  return file.findings
    .map(f => ({ row: `${f.scenario} × ${f.project}`, records: distinctRecords(f.trials), trials: f.trials.length, source: f.source, browserVersion: f.browserVersion }))
    .sort((a, b) => a.row.localeCompare(b.row));
}

// Two nested Chromium runs (about 2 min): the nightly's machinery, tested in the nightly's scope.
test('two shards merged give the same findings as one unsharded run', { tag: LONG_TAG }, async () => {
  const chromium = chooseBrowser('chromium');
  test.skip('missing' in chromium, `needs a browser for the chromium project: ${'missing' in chromium ? chromium.missing : ''}`);
  // Three runs of three scenarios × 5 trials each, plus browser starts, on a 2-core machine that may be busy.
  test.setTimeout(15 * 60_000);

  const dir = makeLabTempDir('shardmerge');
  // Kept when the test fails, to look at; removed at the end when it passes.
  test.info().annotations.push({ type: 'work dir', description: dir });
  const committed = path.join(root, 'reports', 'findings.json');
  const committedBefore = existsSync(committed) ? statSync(committed).mtimeMs : null;
  // Nothing is recorded, nothing is written into the repo (reports/, test-results/, blob-report/), and an outer
  // run's blob settings do not leak in.
  const env: NodeJS.ProcessEnv = { ...process.env, PROFILE: 'quick' };
  for (const name of ['WSLAB_RECORD', 'PLAYWRIGHT_BLOB_OUTPUT_NAME', 'PLAYWRIGHT_BLOB_OUTPUT_FILE', 'PLAYWRIGHT_HTML_OUTPUT_DIR']) delete env[name];
  const testArgs = (extra: string[]) => ['playwright', 'test', '--project', 'chromium', '-g', grep, ...extra];

  const all = path.join(dir, 'all-blob-reports');
  mkdirSync(all);
  // One after another: the machine has 2 cores and its millisecond timings should not compete with each other.
  for (const shard of [1, 2]) {
    const blobs = path.join(dir, `blob-${shard}`);
    const sharded = await run(testArgs([`--shard=${shard}/2`, '--reporter=blob', '--output', path.join(dir, `results-${shard}`)]), {
      ...env,
      PLAYWRIGHT_BLOB_OUTPUT_DIR: blobs,
    });
    expect(finished(sharded.status), `shard ${shard}/2:\n${sharded.output}`).toBe(true);
    for (const zip of readdirSync(blobs)) copyFileSync(path.join(blobs, zip), path.join(all, zip));
  }
  expect(readdirSync(all), 'one blob per shard').toHaveLength(2);

  const merged = await run(['playwright', 'merge-reports', `--reporter=./${findingsReporter}`, all], { ...env, WSLAB_REPORTS_DIR: path.join(dir, 'merged') });
  expect(finished(merged.status), `merge-reports:\n${merged.output}`).toBe(true);
  // The reporter's last line: it wrote every file, so it did not stop halfway.
  expect(merged.output, 'the findings reporter finished on the merged report').toMatch(/\[findings\] 3 findings → /);

  const single = await run(testArgs([`--reporter=./${findingsReporter}`, '--output', path.join(dir, 'results-0')]), { ...env, WSLAB_REPORTS_DIR: path.join(dir, 'single') });
  expect(finished(single.status), `unsharded run:\n${single.output}`).toBe(true);
  expect(single.output, 'the findings reporter finished on the unsharded run').toMatch(/\[findings\] 3 findings → /);

  const fromShards = rows(readFindings(path.join(dir, 'merged')));
  const unsharded = rows(readFindings(path.join(dir, 'single')));
  expect(unsharded.map(r => r.row)).toEqual(['server-close:1000 × chromium', 'server-fin × chromium', 'wire-close:1000 × chromium']);
  expect(fromShards).toEqual(unsharded);
  expect(existsSync(committed) ? statSync(committed).mtimeMs : null, 'reports/findings.json untouched').toBe(committedBefore);
  rmSync(dir, { recursive: true, force: true });
});
