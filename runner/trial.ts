import { type Bracket, bracket, epochNow } from '../core/clock';
import type { LabPage } from '../drivers/driver';
import type { Recorder } from '../recorder/recorder';
import type { LagRecord, RecordedEvent } from '../recorder/schema';
import type { ServerConnectionRecord } from '../server/connection-log';
import type { SocketState } from '../faults/socket-state';
import type { ClockSync } from './clock-sync';
import { holdQuiet } from '../core/quiet';

/** When a fault struck, on whose clock: the page's own act (send, close(), construct) or Node's (server, nft…). */
interface FaultStamp extends Bracket {
  clock: 'page' | 'node';
}

/** The raw material of one trial: one socket under one fault, independent of every other trial. */
export interface Trial {
  tag: string;
  fault: FaultStamp;
  /** Page clock minus Node clock around this trial (always measured; used where an interval spans both). */
  sync: ClockSync;
  /** The page's clock resolution: every page time is rounded to it. */
  resolutionMs: number;
  /** The largest delay of the page's event loop while the trial was watched: no handler ran later than that. */
  pageLagMs: number;
  /** The page's event-loop watch over the trial: how late the loop was around each moment (findings/trial-time: lagAt). */
  pageWatch: LagRecord | null;
  /** Measured with the machine to itself (the quiet lock) for the first QUIET_HOLD_MS after the fault. */
  quiet: boolean;
  /** What the page recorded for this socket (and page-wide events), on the page's clock. */
  events: RecordedEvent[];
  /** The server's view, on Node's clock. */
  server: ServerConnectionRecord | null;
  /** Restore scenarios: when the cut was lifted (Node clock). */
  restoredAt: number | null;
  /** When the browser's network layer saw the socket end (Node clock), where the driver reports it (Chromium). */
  networkClosedAt: number | null;
  /** Lowered-timer cuts: the kernel's view of the browser's socket just before the fault; null elsewhere. */
  socket: SocketState | null;
  /** Who can report the close: the page, or only the server (the page is gone). */
  closeSeenBy: 'page' | 'server';
  /** The TCP segments that ended the connection toward the browser, as captured on loopback (`FIN`, `RST`, `none`); null if not captured. */
  wire: string | null;
  /** A lossy path: the packets its loss dropped during the trial; null elsewhere. */
  packetsLost: number | null;
  /** The server echoes every message, so the page's received messages count as delivered back. */
  echoes: boolean;
  /** The page's reconnect attempts after the close are recorded under this tag (restart scenarios). */
  retryTag: string | null;
}

/** What striking a fault yields: when it struck, and whether a close may still follow (a throwing close() leaves the socket open). */
export interface Struck {
  /** The fault's own stamp, when the act was the page's; otherwise the Node bracket around the strike is it. */
  pageStamp?: Bracket;
  closeExpected?: boolean;
  restoredAt?: number;
  /** The fault's own Node bracket, when the strike goes on past it (a freeze: stopped, then continued). */
  nodeStamp?: Bracket;
}

/**
 * A quiet trial holds the machine for at most this long after its fault (the page's own act, where that comes later
 * than the strike): a loopback close lands in milliseconds, and past a second the lab publishes no millisecond claim.
 */
const QUIET_HOLD_MS = 1_000;

// A timer every 5 ms sees a stall of a few ms; in long windows a coarser watch costs the page less.
const lagPeriodMs = (windowMs: number) => (windowMs <= 10_000 ? 5 : 50);
// The watch keeps the ticks later than this: a page that runs them sooner is on time for any handler at that moment.
export const STALL_MS = 2;

export interface TrialPlan {
  tag: string;
  /** The page the trial's socket lives in. */
  page: LabPage;
  /** Syncs the page's clock to Node's (runner/clock-sync). */
  syncClock(): Promise<ClockSync>;
  /** Opens what the fault needs (the socket), before anything is measured. */
  prepareOpen?(): Promise<void>;
  /** Reads the kernel's view of the browser's socket, once it is open and before anything is measured. */
  inspectSocket?(): Promise<SocketState>;
  /** Undoes what the fault left in force (a cut), on success and failure. */
  cleanup?(): Promise<void>;
  recorder: Recorder;
  windowMs: number;
  quiet: boolean;
  /**
   * Whether the page's event loop is watched (recorder/lag-watch): not in a hidden page, whose timers the engine
   * throttles, so a timer's lateness there is the throttling's, not a stall's.
   */
  watchLag: boolean;
  /**
   * Waits for the fault's moment, after the trial's last page call. WebKitWebDriver runs a session's commands one at
   * a time, so there a call waits behind the other trials' calls in the same page (a whole wait once: 3.8 s of 4 s,
   * against 3–6 ms in Chromium and Firefox; the recorder slices its waits there) and a phase taken before it drifts.
   */
  awaitPhase?(): Promise<void>;
  /** Applies the fault. */
  strike(): Promise<Struck>;
  /** Waits until the trial's close was seen (true) or `ms` passed (false). */
  waitClosed?(ms: number): Promise<boolean>;
  /** Where the close is seen; the page's record may end at the fault (page-gone). */
  closeSeenBy?: 'page' | 'server';
  /** The events to keep, read before the fault when the page will be gone. */
  eventsBefore?: boolean;
  server(): ServerConnectionRecord | null;
  /** Stops the trial's wire capture and says which ending segments it saw. */
  wireEnds?(): Promise<string>;
  /** Reads how many packets the trial's lossy path dropped. */
  packetsLost?(): Promise<number>;
  echoes?: boolean;
  retryTag?: string;
  /** Where the page's own later act is the fault (the first send after a cut), found in its record. */
  faultFromEvents?(events: RecordedEvent[]): Bracket | null;
  /** How long after the strike that act comes, so a quiet trial holds the machine until it has drawn its close. */
  actAfterMs?: number;
}

/**
 * Runs one trial: sync the clocks, open its socket, watch the page's event loop, strike, and wait for the close
 * within the window (counted from the strike). A quiet trial holds the machine-wide quiet lock from its socket's
 * opening to the reading of its record, or until QUIET_HOLD_MS after its fault if nothing closed by then.
 */
export async function runTrial(plan: TrialPlan): Promise<Trial> {
  // Cleanup covers the clock sync too: a sync that fails (the socket reset) must not leave the cut in force.
  try {
    return await measureTrial(plan);
  } finally {
    await plan.cleanup?.();
  }
}

async function measureTrial(plan: TrialPlan): Promise<Trial> {
  const { tag, recorder, windowMs } = plan;
  const waitClosed = plan.waitClosed ?? (ms => recorder.waitClosed([tag], ms));
  // The clocks are synced before the lock is taken: both count the machine's monotonic clock, so the offset holds
  // across the wait, and the page's best sync so far is kept (runner/clock-sync).
  const resolutionMs = await recorder.resolution();
  const sync = await plan.syncClock();
  // A quiet trial has the machine from opening its socket to reading its record: every step of another quiet trial
  // (socket opens, page calls) would otherwise land in its measured span on a 2-core machine.
  const held = plan.quiet ? await holdQuiet() : null;
  let released = false;
  const release = () => {
    if (!released) held?.release();
    released = true;
  };
  try {
    await plan.prepareOpen?.();
    const socket = (await plan.inspectSocket?.()) ?? null;
    if (plan.watchLag) await recorder.lagStart(tag, lagPeriodMs(windowMs), STALL_MS);
    const before = plan.eventsBefore ? await recorder.events() : null;
    await plan.awaitPhase?.();
    const struck = await bracket(() => plan.strike());
    const until = struck.at.after + windowMs;
    const closed = struck.value.closeExpected !== false && (await waitClosed(Math.min(windowMs, held ? (plan.actAfterMs ?? 0) + QUIET_HOLD_MS : windowMs)));
    // Past the hold nothing is claimed at millisecond scale: the machine goes back to the others while the window runs out.
    if (!closed) {
      release();
      await waitClosed(Math.max(0, until - epochNow()));
    }
    const finished = before ? { watch: null, events: before } : await recorder.finish(tag);
    const pageLagMs = finished.watch?.maxMs ?? 0;
    const events = finished.events.filter(e => e.tag === tag || e.tag === plan.retryTag || e.tag === '*');
    release();
    const wire = (await plan.wireEnds?.()) ?? null;
    const pageStamp = plan.faultFromEvents?.(events) ?? struck.value.pageStamp;
    const fault: FaultStamp = pageStamp ? { clock: 'page', ...pageStamp } : { clock: 'node', ...(struck.value.nodeStamp ?? struck.at) };
    return {
      tag,
      fault,
      sync,
      resolutionMs,
      pageLagMs,
      pageWatch: finished.watch,
      quiet: plan.quiet,
      events,
      // A copy as of the trial's end: the live record goes on changing (pages closed after the trials send 1001).
      server: structuredClone(plan.server()),
      restoredAt: struck.value.restoredAt ?? null,
      networkClosedAt: plan.page.socketCloses?.().find(c => new URL(c.url).searchParams.get('tag') === tag)?.at ?? null,
      socket,
      closeSeenBy: plan.closeSeenBy ?? 'page',
      wire,
      packetsLost: (await plan.packetsLost?.()) ?? null,
      echoes: plan.echoes ?? false,
      retryTag: plan.retryTag ?? null,
    };
  } finally {
    release();
  }
}
