import { expect, test } from '../../fixtures/harness';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeLabTempDir } from '../../core/containment';
import { diffFindings } from '../../findings/diff';
import { timingDrift } from '../../findings/expectations';
import { recordOf, summarize } from '../../findings/observe';
import { type Finding, FindingsFile, type TrialObservation } from '../../findings/schema';

// The run-to-run diff on small findings files made here: what it must report, and only that.

function trial(ms: number, over: Partial<TrialObservation> = {}): TrialObservation {
  return {
    events: ['open', 'close'],
    closeCode: 1000,
    closeReason: '',
    wasClean: true,
    errorFired: false,
    toClose: { ms, uncertaintyMs: 0.5, clock: 'synced' },
    closeDispatchMs: 0.1,
    pageLagMs: 0.2,
    syncErrorMs: 0.2,
    quiet: true,
    sends: [],
    serverSaw: 'close-frame 1000 ""',
    delivery: null,
    wire: null,
    packetsLost: null,
    recovery: null,
    ...over,
  };
}

function finding(scenario: string, project: Finding['engine'], times: number[]): Finding {
  const trials = times.map(ms => trial(ms));
  return {
    scenario,
    project,
    engine: project,
    driver: 'playwright',
    source: 'playwright',
    browserVersion: '140.0.1',
    executable: `/ms-playwright/${project}`,
    fault: { kind: 'server-close', code: 1000 },
    mechanism: 'the server sends a close frame',
    windowMs: 2000,
    pageState: 'visible',
    summary: summarize(trials, false),
    trials,
    deviation: null,
    conditions: {},
  };
}

function findingsFile(): FindingsFile {
  return FindingsFile.parse({
    schemaVersion: 2,
    generatedAt: '2026-11-25T00:00:00.000Z',
    environment: { os: 'Debian', kernel: '6.1', node: 'v20', playwright: '1.63.0', profile: 'quick', tcp: {} },
    load: { cores: 2, cpuBusy: 0.5 },
    calibration: [],
    findings: [
      finding('server-close:1000', 'chromium', [3, 4, 5, 4, 3]),
      finding('server-close:1000', 'firefox', [6, 7, 6, 8, 7]),
      finding('server-fin', 'chromium', [2, 2, 3, 2, 2]),
    ],
  });
}

let scratch: string;
test.beforeAll(() => {
  scratch = makeLabTempDir('diff');
});
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A deep copy to edit, as a person would edit a copy of the JSON file. */
const copy = (file: FindingsFile): FindingsFile => JSON.parse(JSON.stringify(file));

test('identical files: no change, exit 0', () => {
  const file = findingsFile();
  const diff = diffFindings(file, copy(file));
  expect(diff.changes).toEqual([]);
  expect(diff.unchanged).toBe(3);
  expect(diff.behaviourChanged).toBe(false);
  expect(diff.warnings).toEqual([]);
  expect(runCli(file, copy(file)).status).toBe(0);
});

test("one trial's outcome changed: exactly that one change, exit 1", () => {
  const was = findingsFile();
  const now = copy(was);
  // Edit only the trial, not its summary: the diff reads the trials, so a stale summary cannot hide the change.
  Object.assign(now.findings[1].trials[2], { closeCode: 1006, wasClean: false, errorFired: true, events: ['open', 'error', 'close'] });
  const diff = diffFindings(was, now);
  expect(diff.changes).toHaveLength(1);
  const [change] = diff.changes;
  expect(change).toMatchObject({ scenario: 'server-close:1000', project: 'firefox', presence: 'kept', time: null });
  expect(change.outcome).toEqual({ gone: [], appeared: [recordOf(now.findings[1].trials[2])] });
  expect(diff.behaviourChanged).toBe(true);
  const run = runCli(was, now);
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('Behaviour changed: 1 outcome change(s), 0 time move(s)');
  expect(run.stdout).toContain(`+ ${recordOf(now.findings[1].trials[2])}  (1 of 5)`);
});

test('a row removed is reported as gone, and is not a behaviour change', () => {
  const was = findingsFile();
  const now = copy(was);
  now.findings.splice(2, 1);
  const diff = diffFindings(was, now);
  expect(diff.changes).toEqual([expect.objectContaining({ scenario: 'server-fin', project: 'chromium', presence: 'gone', outcome: null, time: null })]);
  expect(diff.behaviourChanged).toBe(false);
  const run = runCli(was, now);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/## Rows gone\n\n- `server-fin` · chromium/);
});

test('a time moved far outside the intervals is reported, by the same rule as the expectations', () => {
  const was = findingsFile();
  const now = copy(was);
  const slow = finding('server-fin', 'chromium', [900, 950, 920, 940, 910]);
  now.findings[2] = slow;
  const diff = diffFindings(was, now);
  expect(diff.changes).toHaveLength(1);
  expect(diff.changes[0]).toMatchObject({ scenario: 'server-fin', project: 'chromium', outcome: null });
  expect(diff.changes[0].time?.now.median).toBe(920);
  // One rule: the expectation check sees the same move, in the same words.
  const expected = { records: ['x'], trend: null, msToClose: was.findings[2].summary.msToClose, browserVersion: '140.0.1' };
  expect(timingDrift(expected, slow)).toBe(diff.changes[0].time?.line);
  expect(runCli(was, now).stdout).toContain('## Time to close moved');
});

test('a small move inside the allowance is not reported', () => {
  const was = findingsFile();
  const now = copy(was);
  now.findings[2] = finding('server-fin', 'chromium', [3, 4, 3, 4, 3]);
  expect(diffFindings(was, now).changes).toEqual([]);
});

test('browser versions are shown side by side; a new version alone is not a failure', () => {
  const was = findingsFile();
  const now = copy(was);
  for (const f of now.findings) if (f.project === 'chromium') f.browserVersion = '141.0.7';
  const diff = diffFindings(was, now);
  expect(diff.versions.find(v => v.project === 'chromium')).toMatchObject({ changed: true, was: { versions: ['140.0.1'] }, now: { versions: ['141.0.7'] } });
  expect(diff.versions.find(v => v.project === 'firefox')?.changed).toBe(false);
  const run = runCli(was, now);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('| chromium | chromium | 140.0.1 (playwright build, playwright driver) | 141.0.7 (playwright build, playwright driver) | **changed** |');
});

test('a diff across browser sources or profiles says so', () => {
  const was = findingsFile();
  const now = copy(was);
  now.environment.profile = 'full';
  for (const f of now.findings) if (f.project === 'firefox') f.source = 'distribution';
  expect(diffFindings(was, now).warnings).toEqual([
    expect.stringContaining('different profiles (quick → full)'),
    expect.stringContaining('firefox: the old run used the playwright browser, the new one the distribution one'),
  ]);
});

test('--html writes the same diff as a page, escaped', () => {
  const was = findingsFile();
  const now = copy(was);
  now.findings[0].trials[0].closeReason = '<b>bye</b>';
  const html = path.join(mkdtempSync(path.join(scratch, 'html-')), 'diff.html');
  const run = runCli(was, now, ['--html', html]);
  expect(run.status).toBe(1);
  const page = readFileSync(html, 'utf8');
  expect(page).toContain('<h2>Outcome changed</h2>');
  expect(page).toContain('reason=&quot;&lt;b&gt;bye&lt;/b&gt;&quot;');
  expect(page).not.toContain('<b>bye</b>');
});

test('a malformed file: a readable error naming the field, exit 2', () => {
  const was = findingsFile();
  const broken = copy(was) as unknown as { findings: Record<string, unknown>[] };
  broken.findings[1].summary = { ...(broken.findings[1].summary as object), closed: 'five' };
  const run = runCli(was, broken as unknown as FindingsFile);
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/is not a valid findings file:\n.*expected number.*\n\s+→ at findings\[1\]\.summary\.closed/);
  const old = runCli(was, { ...was, schemaVersion: 1 } as unknown as FindingsFile);
  expect(old.status).toBe(2);
  expect(old.stderr).toContain('schemaVersion is 1, this diff reads findings files of schemaVersion 2');
});

/** Runs `npm run diff` on two files written to a temp dir, as a person would. */
function runCli(was: FindingsFile, now: FindingsFile, extra: string[] = []) {
  const dir = mkdtempSync(path.join(scratch, 'run-'));
  const files = [path.join(dir, 'old.json'), path.join(dir, 'new.json')];
  writeFileSync(files[0], JSON.stringify(was));
  writeFileSync(files[1], JSON.stringify(now));
  return spawnSync('npm', ['run', '--silent', 'diff', '--', ...files, ...extra], { encoding: 'utf8' });
}
