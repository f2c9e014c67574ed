import { roundMs } from '../core/stats';
import type { RecordedEvent } from '../recorder/schema';
import type { Trial } from '../runner/trial';
import type { HeartbeatFault, PageState } from '../scenarios/schema';
import type { Finding, HeartbeatObservation, HeartbeatSummary, TrialObservation, TrialTime } from './schema';
import { lagAt, timeStats, toNodeTime, toPageEvent } from './trial-time';

/** close() on the dead socket to its `close` event, both on the page's clock: the call's bracket, resolution and the lag around the close. */
function closeAfterCall(trial: Trial): TrialTime | null {
  const own = trial.events.filter(e => e.tag === trial.tag);
  const dead = own.find(e => e.type === 'heartbeat-dead');
  const call = dead && own.find(e => e.type === 'close-call' && e.t >= dead.t);
  const close = call?.type === 'close-call' ? own.find(e => e.type === 'close' && e.t >= call.t) : undefined;
  if (call?.type !== 'close-call' || !close) return null;
  const uncertaintyMs = (call.t - call.t0) / 2 + trial.resolutionMs + lagAt(trial, close.t);
  return { ms: roundMs(close.t - (call.t0 + call.t) / 2), uncertaintyMs: roundMs(uncertaintyMs), clock: 'page' };
}

/** The page's deadline timer's lateness, both stamps on the page's clock: each within its resolution. */
function deadlineLate(trial: Trial, dead: RecordedEvent | undefined, timeoutMs: number): TrialTime | null {
  if (dead?.type !== 'heartbeat-dead') return null;
  return { ms: roundMs(dead.t - dead.pingAt - timeoutMs), uncertaintyMs: roundMs(2 * trial.resolutionMs), clock: 'page' };
}

/** What each side's heartbeat did in one trial, timed from the fault. */
export function observeHeartbeat(trial: Trial, fault: HeartbeatFault): HeartbeatObservation {
  const dead = trial.events.find(e => e.tag === trial.tag && e.type === 'heartbeat-dead');
  return {
    strategy: fault.heartbeat.strategy,
    deadlineLate: deadlineLate(trial, dead, fault.heartbeat.timeoutMs),
    pageToDead: toPageEvent(trial, dead),
    serverToDead: toNodeTime(trial, trial.server?.heartbeat?.deadAt),
    closeAfterCall: closeAfterCall(trial),
  };
}

const timesOf = (trials: TrialObservation[], pick: (h: HeartbeatObservation) => TrialTime | null) =>
  trials.flatMap(t => {
    const time = t.heartbeat ? pick(t.heartbeat) : null;
    return time ? [time] : [];
  });

/** A heartbeat scenario's times over its trials; undefined for any other scenario. */
export function summarizeHeartbeat(trials: TrialObservation[]): HeartbeatSummary | undefined {
  if (!trials.some(t => t.heartbeat)) return undefined;
  const page = timesOf(trials, h => h.pageToDead);
  const server = timesOf(trials, h => h.serverToDead);
  const closes = timesOf(trials, h => h.closeAfterCall);
  return {
    pageDead: page.length,
    pageToDead: timeStats(page),
    serverDead: server.length,
    serverToDead: timeStats(server),
    closeCalls: trials.filter(t => t.events.includes('close()')).length,
    closedAfterCall: closes.length,
    closeAfterCall: timeStats(closes),
    deadlineLate: timeStats(timesOf(trials, h => h.deadlineLate)),
  };
}

/**
 * The page's timer conditions per engine and page state as this suite launches it: hidden-page throttling is what
 * stretches a page's heartbeat; Playwright turns it off where it can, the hidden pages have it back.
 */
const throttling: Record<PageState, Record<Finding['engine'], string>> = {
  visible: {
    chromium:
      "Playwright's launch flags --disable-background-timer-throttling, --disable-backgrounding-occluded-windows, --disable-renderer-backgrounding: no hidden-page timer throttling",
    firefox:
      "Playwright's profile: dom.min_background_timeout_value=0, dom.min_background_timeout_value_without_budget_throttling=0, dom.timeout.enable_budget_timer_throttling=false: background timeouts unclamped",
    webkit: "WebKitGTK's defaults, untouched by WebKitWebDriver: hidden-page DOM timer throttling on (nested timers aligned to 1 s while hidden)",
  },
  hidden: {
    chromium:
      "Chromium's defaults (started by the suite without Playwright's three throttling flags, attached over CDP without focus emulation), page behind a tab: hidden-page timers woken once a second",
    firefox:
      "Firefox's defaults restored over Playwright's profile: dom.min_background_timeout_value=1000, dom.min_background_timeout_value_without_budget_throttling=1000, dom.timeout.enable_budget_timer_throttling=true; page behind a tab: background timeouts clamped to at least 1 s",
    webkit: "WebKitGTK's defaults, untouched by WebKitWebDriver: hidden-page DOM timer throttling on (nested timers aligned to 1 s while hidden)",
  },
};

/** The heartbeat's settings and the engine's timer conditions on a page in `pageState`, stated next to its numbers. */
export function heartbeatConditions(fault: HeartbeatFault, engine: Finding['engine'], pageState: PageState = 'visible'): Finding['conditions'] {
  const { strategy, preset, intervalMs, timeoutMs } = fault.heartbeat;
  return {
    heartbeatStrategy: strategy,
    heartbeatPreset: preset,
    heartbeatIntervalMs: intervalMs,
    heartbeatTimeoutMs: timeoutMs,
    timerThrottling: throttling[pageState][engine],
    ...(pageState === 'hidden' ? { eventLoopWatch: "off: a hidden page's timers are throttled, so a timer's lateness cannot time its stalls; times carry no page-lag term" } : {}),
  };
}
