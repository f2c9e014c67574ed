import { halfWidth, midpoint } from '../core/clock';
import { median, roundMs } from '../core/stats';
import type { RecordedEvent } from '../recorder/schema';
import type { Trial } from '../runner/trial';
import type { ServerConnectionRecord } from '../server/connection-log';
import type { Summary, TrialObservation } from './schema';
import { summarizeHeartbeat } from './heartbeat';
import { timelineOf } from './timeline';
import { timeStats, toNodeTime, toPageEvent } from './trial-time';

const lifecycle = new Set(['open', 'message', 'error', 'close', 'online', 'offline', 'exception', 'close-call', 'heartbeat-dead']);

function eventName(e: RecordedEvent): string {
  if (e.type === 'close-call') return e.threw ? `close()threw:${e.threw}` : 'close()';
  if (e.type === 'exception') return `new WebSocket()threw:${e.name}`;
  return e.type;
}


/** Fault to close: on the page (one clock or synced), or, where only the server can see it, on Node's clock. */
function toEvent(trial: Trial, close: RecordedEvent | undefined): TrialObservation['toClose'] {
  if (trial.closeSeenBy === 'server') return toNodeTime(trial, trial.server?.closeFrame?.at ?? trial.server?.socketClosedAt);
  return toPageEvent(trial, close);
}

/** Fault to the network layer's report of the socket's end, on Node's clock (the page's fault converted by the sync). */
function networkToClose(trial: Trial): TrialObservation['networkToClose'] {
  const { fault, sync, networkClosedAt } = trial;
  if (networkClosedAt === null) return null;
  const faultOnNode = fault.clock === 'node' ? midpoint(fault) : midpoint(fault) - sync.offsetMs;
  const uncertaintyMs = halfWidth(fault) + (fault.clock === 'page' ? sync.errorMs : 0);
  return { ms: roundMs(networkClosedAt - faultOnNode), uncertaintyMs: roundMs(uncertaintyMs), clock: fault.clock === 'page' ? 'synced' : 'node' };
}

function describeReason(reason: string): string {
  const bytes = Buffer.byteLength(reason);
  return bytes <= 40 ? JSON.stringify(reason) : `${JSON.stringify(reason.slice(0, 8) + '…')}(${bytes} bytes)`;
}

function describeServer(server: ServerConnectionRecord | null): string {
  if (!server) return 'no-connection';
  if (!server.closeFrame) return 'no-close-frame';
  return `close-frame ${server.closeFrame.code} ${describeReason(server.closeFrame.reason)}`;
}

function countDelivery(trial: Trial, sends: RecordedEvent[], restoredAt: number): TrialObservation['delivery'] {
  const sent = new Set(sends.flatMap(e => (e.type === 'send' && e.threw === null ? [e.data] : [])));
  const received = (trial.server?.received ?? []).filter(m => sent.has(m.data));
  const distinct = new Set(received.map(m => m.data)).size;
  const back = trial.events.flatMap(e => (e.type === 'message' && sent.has(e.data) ? [e.data] : []));
  const backDistinct = new Set(back).size;
  return {
    sent: sent.size,
    received: distinct,
    duplicated: received.length - distinct,
    receivedDuringCut: received.filter(m => m.at < restoredAt).length,
    returned: trial.echoes ? backDistinct : null,
    returnedTwice: trial.echoes ? back.length - backDistinct : null,
  };
}

/** Reconnecting pages: when the loop first got an echo back, how many sockets it opened, when the network came back. */
function recoveryOf(trial: Trial): TrialObservation['recovery'] {
  if (trial.retryTag === null) return null;
  const retries = trial.events.filter(e => e.tag === trial.retryTag);
  return {
    toEcho: toEvent(trial, retries.find(e => e.type === 'message')),
    attempts: retries.filter(e => e.type === 'construct').length,
    restored: toNodeTime(trial, trial.restoredAt),
  };
}

/** Reduces one trial to what we compare, with how it was measured. */
export function observeTrial(trial: Trial): TrialObservation {
  const own = { ...trial, events: trial.events.filter(e => e.tag !== trial.retryTag) };
  const close = own.events.find(e => e.type === 'close');
  const faultOnPage = trial.fault.clock === 'page' ? trial.fault.before : trial.fault.before + trial.sync.offsetMs;
  const sends = own.events.filter(e => e.type === 'send' && e.t >= faultOnPage);
  return {
    events: own.events.filter(e => lifecycle.has(e.type)).map(eventName),
    closeCode: close?.type === 'close' ? close.code : null,
    closeReason: close?.type === 'close' ? close.reason : null,
    wasClean: close?.type === 'close' ? close.wasClean : null,
    errorFired: own.events.some(e => e.type === 'error'),
    toClose: toEvent(trial, close),
    networkToClose: networkToClose(trial),
    closeDispatchMs: close?.te !== undefined ? roundMs(close.t - close.te) : null,
    pageLagMs: roundMs(trial.pageLagMs),
    syncErrorMs: roundMs(trial.sync.errorMs),
    quiet: trial.quiet,
    sends: sends.map(e =>
      e.type === 'send'
        ? `${e.threw ?? 'ok'} readyState ${e.before.readyState}→${e.readyState} buffered ${e.before.bufferedAmount}→${e.bufferedAmount}`
        : '',
    ),
    serverSaw: describeServer(trial.server),
    delivery: trial.restoredAt === null ? null : countDelivery(own, sends, trial.restoredAt),
    wire: trial.wire,
    packetsLost: trial.packetsLost,
    recovery: recoveryOf(trial),
    timeline: timelineOf(trial),
  };
}

/** The whole outcome as one line, so engines are compared record to record, not field by field. */
export function recordOf(run: TrialObservation): string {
  const close =
    run.closeCode === null
      ? 'close=none-within-window'
      : `close code=${run.closeCode} reason=${describeReason(run.closeReason ?? '')} wasClean=${run.wasClean}`;
  const firstSend = run.sends.length ? ` · first send after fault: ${run.sends[0].split(' ')[0]}` : '';
  const d = run.delivery;
  const share = (n: number) => (n === d?.sent ? 'all' : n === 0 ? 'none' : 'some');
  // Whether messages got through during the cut, and when the page-wide online/offline events fire, race the
  // cut's few seconds in some engines; both stay in the trials and the report, outside the compared record.
  const back = d?.returned != null ? ` · echoed back ${share(d.returned)} dup=${d.returnedTwice}` : '';
  const delivery = d ? ` · delivered ${share(d.received)} dup=${d.duplicated}${back}` : '';
  const wire = run.wire === null ? '' : ` · wire ${run.wire}`;
  const recovered = run.recovery === null ? '' : ` · echo after reconnect ${run.recovery.toEcho ? 'yes' : 'no'}`;
  const hb = run.heartbeat;
  const serverHeartbeat = hb && hb.strategy !== 'client-ping' ? ` · server heartbeat ${hb.serverToDead ? 'gave up' : 'did not give up'}` : '';
  // How many messages arrive within a window depends on where it ends among periodic echoes: a run of them counts as
  // one `messages` in the record (each one stays in the trial's events).
  const events = run.events.filter(e => e !== 'online' && e !== 'offline');
  const shown = events.flatMap((e, i) => (e !== 'message' ? [e] : events[i - 1] === 'message' ? [] : ['messages']));
  return `${close} · error=${run.errorFired ? 'yes' : 'no'} · events=${shown.join(',')}${firstSend}${delivery}${recovered}${serverHeartbeat}${wire} · server saw ${run.serverSaw}`;
}

/** The distinct outcomes of a scenario's trials, in a stable order. */
export function distinctRecords(trials: TrialObservation[]): string[] {
  return [...new Set(trials.map(recordOf))].sort();
}

const TREND_MIN_TRIALS = 10;
// Growth by a factor of 4 plus 50 ms is far beyond scheduling noise on loopback, and far below any backoff.
const TREND_FACTOR = 4;
const TREND_FLOOR_MS = 50;

function trendOf(trials: TrialObservation[]): Summary['trend'] {
  if (trials.length < TREND_MIN_TRIALS) return null;
  const third = Math.floor(trials.length / 3);
  const ms = (part: TrialObservation[]) => median(part.map(r => r.toClose?.ms ?? Infinity));
  return ms(trials.slice(-third)) > TREND_FACTOR * ms(trials.slice(0, third)) + TREND_FLOOR_MS ? 'growing' : 'flat';
}

/**
 * Summarises a scenario's trials: k of n closed, the times of those that closed with their spread and the
 * median's interval, each outcome with its count, and, when the trials were attempts made one after another
 * (`ordered`), whether later ones took longer.
 */
export function summarize(trials: TrialObservation[], ordered: boolean): Summary {
  const times = trials.flatMap(r => (r.toClose ? [r.toClose] : []));
  const counts = new Map<string, number>();
  for (const r of trials.map(recordOf)) counts.set(r, (counts.get(r) ?? 0) + 1);
  return {
    n: trials.length,
    closed: times.length,
    outcomes: [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([record, count]) => ({ record, count })),
    msToClose: timeStats(times),
    trend: ordered ? trendOf(trials) : null,
    heartbeat: summarizeHeartbeat(trials),
  };
}
