import { midpoint } from '../core/clock';
import { roundMs } from '../core/stats';
import type { RecordedEvent } from '../recorder/schema';
import type { Trial } from '../runner/trial';
import type { TimelineEntry } from './schema';

/**
 * One trial's events, the page's and the server's, on one axis: ms since the fault. The axis is the one `toClose`
 * uses (findings/observe): the fault's bracket midpoint on its own clock, the page's times shifted by the measured
 * sync offset (page minus Node) where the fault was on Node's clock, and Node's times shifted the other way where
 * it was on the page's. So the `close` drawn here sits exactly at the trial's time to close.
 */


/** A page event's name and particulars, in the words the findings use elsewhere. */
function pageEntry(e: RecordedEvent): Pick<TimelineEntry, 'what' | 'detail'> {
  switch (e.type) {
    case 'construct':
      return { what: 'new WebSocket()' };
    case 'exception':
      return { what: 'new WebSocket() threw', detail: e.name };
    case 'close-call':
      return { what: 'close()', detail: e.threw ? `threw ${e.threw}` : undefined };
    case 'send':
      return { what: 'send', detail: `${e.threw ?? 'ok'} · buffered ${e.before.bufferedAmount}→${e.bufferedAmount}` };
    case 'close':
      return { what: 'close', detail: `${e.code} ${JSON.stringify(e.reason.slice(0, 20))} wasClean=${e.wasClean}` };
    case 'message':
      return { what: 'message' };
    default:
      return { what: e.type };
  }
}

/** The server's record (Node's clock): its open, the messages it received, the fault it applied, the close frame, the end. */
function serverEntries(trial: Trial, fromNode: (t: number) => number): TimelineEntry[] {
  const s = trial.server;
  const at = (t: number, what: string, detail?: string): TimelineEntry => ({ at: fromNode(t), on: 'node', what, ...(detail ? { detail } : {}) });
  if (!s) return [];
  return [
    at(s.openedAt, 'server: opened'),
    ...s.received.map(m => at(m.at, 'server: message')),
    ...(s.fault ? [at(s.fault.at, `server: ${s.fault.name}`)] : []),
    ...(s.heartbeat?.deadAt ? [at(s.heartbeat.deadAt, 'server: heartbeat gave up')] : []),
    ...(s.closeFrame ? [at(s.closeFrame.at, 'server: close-frame', `${s.closeFrame.code}`)] : []),
    ...(s.socketClosedAt !== null ? [at(s.socketClosedAt, 'server: socket-closed')] : []),
  ];
}

/** Every event of one trial on the fault's axis, in time order; the fault itself at 0 with its bracket. */
export function timelineOf(trial: Trial): TimelineEntry[] {
  const { fault, sync } = trial;
  const origin = midpoint(fault);
  // A page time t is Node time t − offset: convert whichever side is not on the fault's clock.
  const fromPage = (t: number) => roundMs(fault.clock === 'page' ? t - origin : t - sync.offsetMs - origin);
  const fromNode = (t: number) => roundMs(fault.clock === 'node' ? t - origin : t + sync.offsetMs - origin);
  const entries: TimelineEntry[] = [
    { at: 0, on: fault.clock, what: 'fault', detail: `±${roundMs((fault.after - fault.before) / 2)} ms` },
    ...trial.events.map(e => ({ at: fromPage(e.t), on: 'page' as const, ...pageEntry(e) })),
    ...serverEntries(trial, fromNode),
    ...(trial.restoredAt !== null ? [{ at: fromNode(trial.restoredAt), on: 'node' as const, what: 'restored' }] : []),
  ];
  // A stable sort keeps the page's own order among events that share a rounded time.
  return entries.map(e => (e.detail === undefined ? { at: e.at, on: e.on, what: e.what } : e)).sort((a, b) => a.at - b.at);
}
