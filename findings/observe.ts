import type { RecordedEvent } from '../recorder/schema';
import type { ServerConnectionRecord } from '../server/connection-log';
import type { Observed, RunObservation } from './schema';

/** The raw material of one run: what the page recorded for one socket, and the server's view of it. */
export interface Sample {
  tag: string;
  /** Epoch ms of the fault (for handshake failures: the `new WebSocket()` call). */
  faultAt: number;
  events: RecordedEvent[];
  server: ServerConnectionRecord | null;
  /** Restore scenarios: when the cut was lifted; what the page sent after the fault is counted at the server. */
  restoredAt: number | null;
  /** Who can report the close: the page, or only the server (the page is gone). */
  closeSeenBy: 'page' | 'server';
}

const lifecycle = new Set(['open', 'message', 'error', 'close', 'online', 'offline', 'exception', 'close-call']);

function eventName(e: RecordedEvent): string {
  if (e.type === 'close-call') return e.threw ? `close()threw:${e.threw}` : 'close()';
  if (e.type === 'exception') return `new WebSocket()threw:${e.name}`;
  return e.type;
}

function msToClose(sample: Sample, close: RecordedEvent | undefined): number | null {
  if (sample.closeSeenBy === 'page') return close ? close.t - sample.faultAt : null;
  const at = sample.server?.closeFrame?.at ?? sample.server?.socketClosedAt;
  return at ? at - sample.faultAt : null;
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

function countDelivery(sends: RecordedEvent[], server: ServerConnectionRecord | null, restoredAt: number): RunObservation['delivery'] {
  const sent = new Set(sends.flatMap(e => (e.type === 'send' && e.threw === null ? [e.data] : [])));
  const received = (server?.received ?? []).filter(m => sent.has(m.data));
  const distinct = new Set(received.map(m => m.data)).size;
  return {
    sent: sent.size,
    received: distinct,
    duplicated: received.length - distinct,
    receivedDuringCut: received.filter(m => m.at < restoredAt).length,
  };
}

/** Reduces one run to what we compare. */
export function observeRun(sample: Sample): RunObservation {
  const close = sample.events.find(e => e.type === 'close');
  const sends = sample.events.filter(e => e.type === 'send' && e.t >= sample.faultAt);
  return {
    events: sample.events.filter(e => lifecycle.has(e.type)).map(eventName),
    closeCode: close?.type === 'close' ? close.code : null,
    closeReason: close?.type === 'close' ? close.reason : null,
    wasClean: close?.type === 'close' ? close.wasClean : null,
    errorFired: sample.events.some(e => e.type === 'error'),
    msToClose: msToClose(sample, close),
    sends: sends.map(e =>
      e.type === 'send'
        ? `${e.threw ?? 'ok'} readyState ${e.before.readyState}→${e.readyState} buffered ${e.before.bufferedAmount}→${e.bufferedAmount}`
        : '',
    ),
    serverSaw: describeServer(sample.server),
    delivery: sample.restoredAt === null ? null : countDelivery(sends, sample.server, sample.restoredAt),
  };
}

/** The whole outcome as one line, so engines are compared record to record, not field by field. */
export function recordOf(run: RunObservation): string {
  const close =
    run.closeCode === null
      ? 'close=none-within-window'
      : `close code=${run.closeCode} reason=${describeReason(run.closeReason ?? '')} wasClean=${run.wasClean}`;
  const firstSend = run.sends.length ? ` · first send after fault: ${run.sends[0].split(' ')[0]}` : '';
  const d = run.delivery;
  const share = (n: number) => (n === d?.sent ? 'all' : n === 0 ? 'none' : 'some');
  // Whether messages got through during the cut, and when the page-wide online/offline events fire, race the
  // cut's few seconds in some engines; both stay in the samples and the report, outside the compared record.
  const delivery = d ? ` · delivered ${share(d.received)} dup=${d.duplicated}` : '';
  const events = run.events.filter(e => e !== 'online' && e !== 'offline');
  return `${close} · error=${run.errorFired ? 'yes' : 'no'} · events=${events.join(',')}${firstSend}${delivery} · server saw ${run.serverSaw}`;
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The distinct outcomes of a scenario's runs, in a stable order. */
export function distinctRecords(runs: RunObservation[]): string[] {
  return [...new Set(runs.map(recordOf))].sort();
}

const TREND_MIN_RUNS = 10;
// Growth by a factor of 4 plus 50 ms is far beyond scheduling noise on loopback, and far below any backoff.
const TREND_FACTOR = 4;
const TREND_FLOOR_MS = 50;

function trendOf(runs: RunObservation[]): Observed['trend'] {
  if (runs.length < TREND_MIN_RUNS) return null;
  const third = Math.floor(runs.length / 3);
  const ms = (part: RunObservation[]) => median(part.map(r => r.msToClose ?? Infinity).sort((a, b) => a - b));
  return ms(runs.slice(-third)) > TREND_FACTOR * ms(runs.slice(0, third)) + TREND_FLOOR_MS ? 'growing' : 'flat';
}

/**
 * Summarises a scenario's runs: timings over the runs that closed, and, when the runs were attempts made one
 * after another (`ordered`), whether later ones took longer.
 */
export function summarize(runs: RunObservation[], windowMs: number, ordered: boolean): Observed {
  const records = runs.map(recordOf);
  const closed = runs.map(r => r.msToClose).filter((ms): ms is number => ms !== null).sort((a, b) => a - b);
  const first = runs[0];
  const trend = ordered ? trendOf(runs) : null;
  return {
    events: first.events,
    closeCode: first.closeCode,
    closeReason: first.closeReason,
    wasClean: first.wasClean,
    errorFired: first.errorFired,
    msToClose: closed.length ? { min: round(closed[0]), median: round(median(closed)), max: round(closed[closed.length - 1]) } : null,
    windowMs,
    trend,
    record: [distinctRecords(runs).join(' | '), ...(trend ? [`later attempts: ${trend}`] : [])].join(' · '),
    consistent: records.every(r => r === records[0]),
  };
}
