import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readProfile, type Profile } from '../scenarios/profile';
import { closeAllowanceMs } from '../scenarios/timing';
import { timeMoved } from './drift';
import { distinctRecords } from './observe';
import { type Finding, TimeStats } from './schema';

/**
 * What each project's engine was seen to do, per scenario, with the browser version it was seen on.
 * Written only from real runs (`npm run research`), never by hand; the specs compare every new run against it.
 */
export const ExpectationFile = z.object({
  project: z.string(),
  engine: z.string(),
  driver: z.string(),
  browserVersion: z.string(),
  recordedAt: z.string(),
  scenarios: z.record(
    z.string(),
    z.object({
      /** Every outcome seen when it was recorded: one when the engine is deterministic here, more when it races. */
      records: z.array(z.string()).min(1),
      trend: z.enum(['flat', 'growing']).nullable(),
      /** The time to close as recorded, compared by timingDrift (absent in files recorded before it was kept). */
      msToClose: TimeStats.nullable().optional(),
      browserVersion: z.string(),
    }),
  ),
});
export type ExpectationFile = z.infer<typeof ExpectationFile>;
type Expected = ExpectationFile['scenarios'][string];

/** Where a profile's expectations live: per profile, as a full profile's long windows see closes a quick one's cannot. */
export const expectationsDirOf = (profile: string): string => path.join(__dirname, 'expected', profile);
/** This run's profile's expectations. */
const expectationsDir = expectationsDirOf(readProfile());

function expectationPath(project: string, profile: Profile = readProfile()): string {
  return path.join(__dirname, 'expected', profile, `${project}.json`);
}

const loaded = new Map<string, ExpectationFile | null>();

/**
 * Reads a project's expectations, once per process (this run's profile unless another is named: the lowered-timer
 * specs compare with the full profile's kernel defaults); null when none were recorded yet. A corrupt file is an
 * error naming the field.
 */
export function loadExpectations(project: string, profile: Profile = readProfile()): ExpectationFile | null {
  const key = `${profile}/${project}`;
  if (loaded.has(key)) return loaded.get(key)!;
  const file = expectationPath(project, profile);
  let expectations: ExpectationFile | null = null;
  if (existsSync(file)) {
    const parsed = ExpectationFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is malformed:\n${z.prettifyError(parsed.error)}`);
    expectations = parsed.data;
  }
  loaded.set(key, expectations);
  return expectations;
}

/** True when this run records expectations instead of checking them (`npm run research`). */
export const recording = process.env.WSLAB_RECORD === '1';

/**
 * Whether the time to close moved beyond both runs' stated uncertainties (the rule is ./drift, shared with the
 * run-to-run diff). null when it did not (or there is no time to compare); else the move in one line. A failed
 * handshake's time moves between runs by as much as the engine's handshake allowance (scenarios/timing) without any
 * change of behaviour: WebKitGTK's `handshake-fail:unroutable` had medians of 96–163 ms over five repeats
 * (reports/stability.md), so that allowance is the floor there.
 */
export function timingDrift(expected: Expected, finding: Finding): string | null {
  const floorMs = finding.fault.kind === 'handshake-fail' ? closeAllowanceMs(finding.engine, finding.fault, true) : undefined;
  return timeMoved(expected, finding.summary, floorMs)?.line ?? null;
}

/** How a finding compares with what was recorded for it; `matches` is the specs' pass rule. */
export interface RecordedComparison {
  /** Outcome records seen now that were never seen when it was recorded. */
  unseen: string[];
  trendChanged: boolean;
  /** The time to close moved (./drift), in one line; null when it did not. */
  drift: string | null;
  matches: boolean;
}

/** Compares a finding with its recorded expectation: every outcome seen before, the same trend, the time not moved. */
export function compareWithRecorded(expected: Expected, finding: Finding): RecordedComparison {
  const unseen = distinctRecords(finding.trials).filter(r => !expected.records.includes(r));
  const trendChanged = expected.trend !== finding.summary.trend;
  const drift = timingDrift(expected, finding);
  return { unseen, trendChanged, drift, matches: unseen.length === 0 && !trendChanged && drift === null };
}

/**
 * Merges measured findings into each project's expectations, scenario by scenario (others are kept).
 * Returns one line per project written.
 */
export function recordExpectations(findings: Finding[]): string[] {
  mkdirSync(expectationsDir, { recursive: true });
  return [...new Set(findings.map(f => f.project))].map(project => {
    const mine = findings.filter(f => f.project === project);
    const latest = mine[0];
    const file: ExpectationFile = {
      project,
      engine: latest.engine,
      driver: latest.driver,
      browserVersion: latest.browserVersion,
      recordedAt: new Date().toISOString(),
      scenarios: {
        ...loadExpectations(project)?.scenarios,
        ...Object.fromEntries(
          mine.map(f => [
            f.scenario,
            { records: distinctRecords(f.trials), trend: f.summary.trend, msToClose: f.summary.msToClose, browserVersion: f.browserVersion },
          ]),
        ),
      },
    };
    writeFileSync(expectationPath(project), JSON.stringify(file, null, 2) + '\n');
    return `recorded ${mine.length} expectations for ${project} (${latest.browserVersion})`;
  });
}
