import type { z } from 'zod';
import type { Summary, TimeStats } from './schema';

type Time = z.infer<typeof TimeStats>;

/** What a time comparison needs from either side: an expectation or a finding's summary both have this shape. */
export type TimedOutcome = Pick<Summary, 'trend'> & { msToClose?: Time | null };

/**
 * Named allowance for a time that moved between two runs on one machine: 20 ms on loopback scales (what
 * LOOPBACK_JITTER_MS allows one delivery), a fifth of the time on the scale of browser and kernel timers (Firefox's
 * link-down close ranged 11.2–11.6 s over repeats).
 */
const DRIFT_FLOOR_MS = 20;
const DRIFT_FRACTION = 0.2;

/** A time to close that moved beyond both runs' stated uncertainties. */
export interface TimeMove {
  was: Time;
  now: Time;
  /** The allowance added to the earlier run's interval (see DRIFT_FLOOR_MS, DRIFT_FRACTION). */
  allowanceMs: number;
  /** The move in one line, for a test failure or a report. */
  line: string;
}

const span = (t: Time) => `median ${t.median} ms [${t.medianInterval.lo}, ${t.medianInterval.hi}] ± ${t.uncertaintyMs}`;

/**
 * The one rule for "time moved": the medians' intervals, each widened by its uncertainty and the earlier one also
 * by the allowance, no longer overlap. null when they do, when either side has no time, or when the trials were
 * attempts one after another (a trend: their median is not one time to compare). `floorMs` replaces DRIFT_FLOOR_MS
 * where runs are known to spread wider.
 */
export function timeMoved(was: TimedOutcome, now: TimedOutcome, floorMs = DRIFT_FLOOR_MS): TimeMove | null {
  const a = was.msToClose;
  const b = now.msToClose;
  if (!a || !b || was.trend !== null || now.trend !== null) return null;
  const allowanceMs = Math.max(floorMs, DRIFT_FRACTION * a.median);
  const wasLo = a.medianInterval.lo - a.uncertaintyMs - allowanceMs;
  const wasHi = a.medianInterval.hi + a.uncertaintyMs + allowanceMs;
  const nowLo = b.medianInterval.lo - b.uncertaintyMs;
  const nowHi = b.medianInterval.hi + b.uncertaintyMs;
  if (nowLo <= wasHi && nowHi >= wasLo) return null;
  return { was: a, now: b, allowanceMs, line: `recorded ${span(a)}, now ${span(b)} (allowance ${allowanceMs.toFixed(0)} ms)` };
}
