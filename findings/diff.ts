/**
 * What changed between two findings runs, per scenario × project: outcomes, times, rows, browser versions. Pure
 * data in, data out; reporters/ renders it for people and sets the exit code.
 */
import { type TimeMove, timeMoved } from './drift';
import { summarize } from './observe';
import type { Finding, FindingsFile, Summary } from './schema';

/** One side of the comparison, as the rows and outcomes the diff read from it. */
export interface RowState {
  browserVersion: string;
  source: Finding['source'];
  /** Each distinct outcome record with how many trials had it. */
  outcomes: Summary['outcomes'];
  n: number;
  closed: number;
  msToClose: Summary['msToClose'];
}

/** A scenario × project with something to report. */
export interface RowChange {
  scenario: string;
  project: string;
  /** `added`: only in the new run; `gone`: only in the old; `kept`: in both, and its outcome or time changed. */
  presence: 'added' | 'gone' | 'kept';
  was: RowState | null;
  now: RowState | null;
  /** The outcome records that only one run saw; null when both saw the same set (or the row is not in both). */
  outcome: { gone: string[]; appeared: string[] } | null;
  /** The time to close moved beyond both runs' stated uncertainties (findings/drift); null otherwise. */
  time: TimeMove | null;
}

/** One project's browser in each run; a run may hold several versions of it (merged from several machines). */
export interface VersionRow {
  project: string;
  engine: string;
  was: { versions: string[]; sources: string[]; drivers: string[] } | null;
  now: { versions: string[]; sources: string[]; drivers: string[] } | null;
  changed: boolean;
}

/** The whole comparison: what each run was, what changed, and whether behaviour did. */
export interface FindingsDiff {
  was: { generatedAt: string; profile: string; rows: number };
  now: { generatedAt: string; profile: string; rows: number };
  /** Sorted by scenario, then project. */
  changes: RowChange[];
  /** Rows in both runs with the same outcomes and no time moved. */
  unchanged: number;
  versions: VersionRow[];
  /** What makes the comparison itself questionable (other profile, other browser source, duplicate rows). */
  warnings: string[];
  /** An outcome changed or a time moved somewhere; versions, added and gone rows alone are not behaviour. */
  behaviourChanged: boolean;
}

const key = (f: Pick<Finding, 'scenario' | 'project'>) => `${f.scenario}\u0000${f.project}`;
const distinct = (xs: string[]) => [...new Set(xs)].sort();

/**
 * The summary the diff compares: recomputed from the trials (the data) when the file has them, so a summary that
 * was edited or trimmed by hand cannot hide a change; the file's own summary when it kept no trials.
 */
function summaryOf(f: Finding): Summary {
  return f.trials.length ? summarize(f.trials, f.summary.trend !== null) : f.summary;
}

function state(f: Finding, summary: Summary): RowState {
  const { outcomes, n, closed, msToClose } = summary;
  return { browserVersion: f.browserVersion, source: f.source, outcomes, n, closed, msToClose };
}

function index(file: FindingsFile, side: string, warnings: string[]): Map<string, Finding> {
  const rows = new Map<string, Finding>();
  for (const f of file.findings) {
    if (rows.has(key(f))) warnings.push(`the ${side} run has ${f.scenario} × ${f.project} twice; the first is compared`);
    else rows.set(key(f), f);
  }
  return rows;
}

function versions(was: FindingsFile, now: FindingsFile, warnings: string[]): VersionRow[] {
  const browsers = (file: FindingsFile, project: string) => {
    const mine = file.findings.filter(f => f.project === project);
    if (!mine.length) return null;
    return {
      versions: distinct(mine.map(f => f.browserVersion)),
      sources: distinct(mine.map(f => f.source)),
      drivers: distinct(mine.map(f => f.driver)),
    };
  };
  const projects = distinct([...was.findings, ...now.findings].map(f => f.project));
  return projects.map(project => {
    const a = browsers(was, project);
    const b = browsers(now, project);
    if (a && b && a.sources.join() !== b.sources.join())
      // Expectations are kept per source (the nightly merges each source on its own), so say it when a diff crosses them.
      warnings.push(`${project}: the old run used the ${a.sources.join('/')} browser, the new one the ${b.sources.join('/')} one; outcomes may differ by build, not by version`);
    const engine = [...now.findings, ...was.findings].find(f => f.project === project)!.engine;
    return { project, engine, was: a, now: b, changed: !a || !b || a.versions.join() !== b.versions.join() };
  });
}

/** Compares two findings runs row by row (scenario × project). */
export function diffFindings(was: FindingsFile, now: FindingsFile): FindingsDiff {
  const warnings: string[] = [];
  if (was.environment.profile !== now.environment.profile)
    warnings.push(`the runs used different profiles (${was.environment.profile} → ${now.environment.profile}): their windows differ, so outcomes that need a long window will differ too`);
  const before = index(was, 'old', warnings);
  const after = index(now, 'new', warnings);
  const changes: RowChange[] = [];
  let unchanged = 0;
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(k);
    const b = after.get(k);
    const { scenario, project } = (a ?? b)!;
    if (!a || !b) {
      const f = (a ?? b)!;
      const row = state(f, summaryOf(f));
      changes.push({ scenario, project, presence: a ? 'gone' : 'added', was: a ? row : null, now: b ? row : null, outcome: null, time: null });
      continue;
    }
    const sa = summaryOf(a);
    const sb = summaryOf(b);
    const ra = sa.outcomes.map(o => o.record);
    const rb = sb.outcomes.map(o => o.record);
    const gone = ra.filter(r => !rb.includes(r));
    const appeared = rb.filter(r => !ra.includes(r));
    const outcome = gone.length || appeared.length ? { gone, appeared } : null;
    const time = timeMoved(sa, sb);
    if (!outcome && !time) {
      unchanged++;
      continue;
    }
    changes.push({ scenario, project, presence: 'kept', was: state(a, sa), now: state(b, sb), outcome, time });
  }
  changes.sort((x, y) => x.scenario.localeCompare(y.scenario) || x.project.localeCompare(y.project));
  return {
    was: { generatedAt: was.generatedAt, profile: was.environment.profile, rows: before.size },
    now: { generatedAt: now.generatedAt, profile: now.environment.profile, rows: after.size },
    changes,
    unchanged,
    versions: versions(was, now, warnings),
    warnings,
    behaviourChanged: changes.some(c => c.outcome !== null || c.time !== null),
  };
}
