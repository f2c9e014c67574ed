import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExpectationFile } from '../../findings/expectations';
import { type Finding, FindingsFile } from '../../findings/schema';
import type { Profile } from '../../scenarios/profile';

/** The runs the findings site is drawn from: the quick and the full profile's findings.json, each if it parses. */

/** One profile's run as the site sees it: its findings, or why there are none, and what was recorded for it. */
export interface SiteRun {
  profile: Profile;
  /** Where the findings came from, relative to the site (`findings.json`, `full/findings.json`). */
  source: string;
  file: FindingsFile | null;
  /** Why there is no file: none yet, an older schema, malformed. */
  note: string | null;
  /** The recorded expectations per project (findings/expected/<profile>/), where they exist and parse. */
  expected: Record<string, ExpectationFile>;
}

/** A finding with the profile whose run it came from. */
export interface RunFinding {
  profile: Profile;
  finding: Finding;
}

const record = (profile: Profile) =>
  profile === 'full' ? 'PROFILE=full npm run research -- -g "network-cut|reconnect"' : 'npm run research';

/** Why a findings.json cannot be shown, in one sentence with the command that makes one. */
function whyNot(source: string, profile: Profile, raw: unknown, error: z.ZodError): string {
  const version = (raw as { schemaVersion?: unknown })?.schemaVersion;
  if (typeof version === 'number' && version !== 2)
    return `${source} is in schema version ${version}, not 2: no ${profile} run in the current schema yet (\`${record(profile)}\` records one).`;
  return `${source} does not match the findings schema, so it is left out:\n${z.prettifyError(error)}`;
}

function readExpected(dir: string): Record<string, ExpectationFile> {
  if (!existsSync(dir)) return {};
  const files = ['chromium', 'firefox', 'webkit'].map(p => path.join(dir, `${p}.json`)).filter(existsSync);
  // A malformed expectation file is the specs' business to report; the site only leaves it out.
  const parsed = files.map(f => ExpectationFile.safeParse(JSON.parse(readFileSync(f, 'utf8'))));
  return Object.fromEntries(parsed.flatMap(p => (p.success ? [[p.data.project, p.data]] : [])));
}

/** Reads one profile's findings under `reportsDir` (quick at its top, full in `full/`) and its expectations. */
export function loadRun(reportsDir: string, profile: Profile, expectedDir: string): SiteRun {
  const source = profile === 'quick' ? 'findings.json' : 'full/findings.json';
  const expected = readExpected(path.join(expectedDir, profile));
  const file = path.join(reportsDir, source);
  if (!existsSync(file)) return { profile, source, file: null, note: `No ${profile} run yet (\`${record(profile)}\` records one).`, expected };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { profile, source, file: null, note: `${source} is not JSON (${(e as Error).message}), so it is left out.`, expected };
  }
  const parsed = FindingsFile.safeParse(raw);
  if (!parsed.success) return { profile, source, file: null, note: whyNot(source, profile, raw, parsed.error), expected };
  return { profile, source, file: parsed.data, note: null, expected };
}

/**
 * Every scenario × project once over the runs: the full profile's where it has one (its windows are long enough
 * for the kernel's own timeouts), else the quick one's.
 */
export function combined(runs: readonly SiteRun[]): RunFinding[] {
  const byKey = new Map<string, RunFinding>();
  const order: Profile[] = ['quick', 'full'];
  for (const run of [...runs].sort((a, b) => order.indexOf(a.profile) - order.indexOf(b.profile)))
    for (const finding of run.file?.findings ?? []) byKey.set(`${finding.scenario}\u0000${finding.project}`, { profile: run.profile, finding });
  return [...byKey.values()];
}
