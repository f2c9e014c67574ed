import { halfWidth, midpoint } from '../core/clock';
import { median, medianInterval, medianUncertainty, quantile, roundMs } from '../core/stats';
import type { RecordedEvent } from '../recorder/schema';
import type { Trial } from '../runner/trial';
import type { TimeStats, TrialTime } from './schema';

/**
 * How far from a moment the event-loop watch's ticks count for it: a stall that delayed a handler at `t` also held
 * back the tick due during it, which fires as the stall ends, a few tasks before or after that handler; twice the
 * longest watch period (runner/trial: 50 ms) covers them.
 */
const STALL_NEAR_MS = 100;

/**
 * How late the page's event loop may have run a handler at page time `t`: the latest tick of the watch that fired
 * within STALL_NEAR_MS of `t`, at least the watch's threshold (quicker ticks were not kept) and at most its largest
 * delay; outside the watch, its largest delay.
 */
export function lagAt(trial: Trial, t: number): number {
  const watch = trial.pageWatch;
  if (!watch || t < watch.from || t > watch.to) return trial.pageLagMs;
  const near = watch.late.filter(([, fired]: [number, number]) => Math.abs(fired - t) <= STALL_NEAR_MS).map(([due, fired]: [number, number]) => fired - due);
  return Math.min(trial.pageLagMs, Math.max(watch.stallMs, ...near));
}

/**
 * Fault to a page event on one clock, or across the page's and Node's through the trial's measured sync. The
 * uncertainty adds what can shift either end: the fault's bracket, the sync, the clock's resolution, and the event
 * loop's stall around the event (which delays the handler, never advances it).
 */
export function toPageEvent(trial: Trial, event: RecordedEvent | undefined): TrialTime | null {
  const { fault, sync, resolutionMs } = trial;
  if (!event) return null;
  const lagMs = lagAt(trial, event.t);
  if (fault.clock === 'page')
    return { ms: roundMs(event.t - midpoint(fault)), uncertaintyMs: roundMs(halfWidth(fault) + resolutionMs + lagMs), clock: 'page' };
  return {
    ms: roundMs(event.t - sync.offsetMs - midpoint(fault)),
    uncertaintyMs: roundMs(halfWidth(fault) + sync.errorMs + resolutionMs + lagMs),
    clock: 'synced',
  };
}

/**
 * Fault to a moment on Node's clock (the server's record): on one clock where the fault was stamped on Node's, else
 * across the page's and Node's through the trial's sync (a page's own act, such as a bulk send, was the fault).
 */
export function toNodeTime(trial: Trial, at: number | null | undefined): TrialTime | null {
  const { fault, sync } = trial;
  if (!at) return null;
  if (fault.clock === 'node') return { ms: roundMs(at - midpoint(fault)), uncertaintyMs: roundMs(halfWidth(fault)), clock: 'node' };
  return { ms: roundMs(at + sync.offsetMs - midpoint(fault)), uncertaintyMs: roundMs(halfWidth(fault) + sync.errorMs), clock: 'synced' };
}

/** Times over the trials that have one: the spread, the median's interval, and the median's own error (core/stats). */
export function timeStats(times: TrialTime[]): TimeStats | null {
  const ms = times.map(t => t.ms);
  if (!ms.length) return null;
  return {
    median: roundMs(median(ms)),
    p95: roundMs(quantile(ms, 0.95)),
    min: roundMs(Math.min(...ms)),
    max: roundMs(Math.max(...ms)),
    medianInterval: medianInterval(ms),
    uncertaintyMs: roundMs(medianUncertainty(times)),
  };
}
