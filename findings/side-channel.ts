import { median, orderDrift, rankAucInterval } from '../core/stats';
import type { Finding, TrialObservation } from './schema';

/**
 * The timing side channel of the seven handshake failures: where the page sees two cases identically (same
 * events, code, reason, wasClean), can it still tell them apart by how long the failure took? Judged per engine,
 * per pair, by rank AUC with its 95 % interval; each case is also checked for drift with repetition, since
 * browsers throttle after failures and a drifting case makes any pair it is in suspect.
 */

/** What a page can tell apart without a clock. */
export type Separability = 'not separable' | 'separable, weakly' | 'separable as an oracle';

/** One case's times in trial order, and whether they drift with repetition. */
export interface CaseDrift {
  scenario: string;
  /** Closed trials, whose times are ranked. */
  n: number;
  rho: number;
  drifts: boolean;
}

/** Two cases the page sees identically, judged by time alone. */
export interface PairVerdict {
  a: string;
  b: string;
  nA: number;
  nB: number;
  medianA: number;
  medianB: number;
  /** P(a trial of b takes longer than one of a), ties half, with its 95 % interval. */
  auc: number;
  lo: number;
  hi: number;
  verdict: Separability;
}

/** One engine's side-channel table. */
export interface SideChannel {
  project: string;
  browserVersion: string;
  cases: CaseDrift[];
  pairs: PairVerdict[];
  /** Groups of cases the page sees identically, by scenario id: pairs are drawn within a group only. */
  groups: string[][];
}

// A probing script that is right at least 9 times in 10, with 95 % confidence, needs nothing more: an oracle.
const ORACLE_AUC = 0.9;

/** The plain verdict on a rank AUC's interval: does it exclude a coin toss, and does it exclude a weak guess? */
export function separability({ auc, lo, hi }: { auc: number; lo: number; hi: number }): Separability {
  // The lower bound of max(AUC, 1 − AUC): how reliably one can tell the pair apart, whichever is slower.
  const reliable = auc >= 0.5 ? lo : 1 - hi;
  if (reliable >= ORACLE_AUC) return 'separable as an oracle';
  return lo > 0.5 || hi < 0.5 ? 'separable, weakly' : 'not separable';
}

const visible = (t: TrialObservation) => JSON.stringify([t.events, t.closeCode, t.closeReason, t.wasClean]);

/** A case's visible outcomes, as a key: cases with one key cannot be told apart without a clock. */
const visibleKey = (f: Finding) => [...new Set(f.trials.map(visible))].sort().join('\n');

const timesOf = (f: Finding) => f.trials.flatMap(t => (t.toClose ? [t.toClose.ms] : []));

function judgePair(a: Finding, b: Finding): PairVerdict | null {
  const [ta, tb] = [timesOf(a), timesOf(b)];
  if (!ta.length || !tb.length) return null;
  const interval = rankAucInterval(ta, tb);
  return {
    a: a.scenario,
    b: b.scenario,
    nA: ta.length,
    nB: tb.length,
    medianA: median(ta),
    medianB: median(tb),
    ...interval,
    verdict: separability(interval),
  };
}

function groupsOf(cases: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of cases) groups.set(visibleKey(f), [...(groups.get(visibleKey(f)) ?? []), f]);
  return [...groups.values()];
}

/** The side-channel table of one engine's handshake failures (each from a fresh page to a fresh endpoint). */
function engineTable(cases: Finding[]): SideChannel {
  const groups = groupsOf(cases);
  const pairs = groups.flatMap(group =>
    group.flatMap((a, i) => group.slice(i + 1).flatMap(b => judgePair(a, b) ?? [])),
  );
  return {
    project: cases[0].project,
    browserVersion: cases[0].browserVersion,
    cases: cases.map(f => ({ scenario: f.scenario, n: timesOf(f).length, ...orderDrift(timesOf(f)) })),
    pairs,
    groups: groups.map(g => g.map(f => f.scenario)),
  };
}

/** Per engine, in project order: the side-channel table of the seven handshake failures found among `findings`. */
export function sideChannel(findings: readonly Finding[]): SideChannel[] {
  const cases = findings.filter(f => f.fault.kind === 'handshake-fail' && f.fault.attempts === 'fresh');
  const projects = [...new Set(cases.map(f => f.project))].sort();
  return projects.map(p => engineTable(cases.filter(f => f.project === p)));
}
