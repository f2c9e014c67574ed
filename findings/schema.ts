import { z } from 'zod';
import { BrowserInfo } from '../drivers/driver';
import { HeartbeatStrategy } from '../scenarios/heartbeat';
import { Fault, PageState } from '../scenarios/schema';

/** One trial's time from its fault to `close`, and how far off it can be. */
export const TrialTime = z.object({
  ms: z.number(),
  /**
   * ± bound on the error: half the fault's bracket, the clocks' sync error (where the interval spans the page's and
   * Node's), the page clock's resolution, and the page's largest event-loop delay while watched.
   */
  uncertaintyMs: z.number(),
  /** `page`: both ends on the page's clock; `synced`: fault on Node's, close on the page's; `node`: both on Node's. */
  clock: z.enum(['page', 'synced', 'node']),
});
export type TrialTime = z.infer<typeof TrialTime>;

/**
 * One moment of a trial on its single time axis, for drawing: ms since the fault (the midpoint of its bracket, as
 * `toClose` counts; negative before it). Page times are converted through the trial's clock sync where the fault
 * was on Node's clock, server times where it was on the page's.
 */
export const TimelineEntry = z.object({
  at: z.number(),
  /** Whose clock saw it: the page's recorder, or Node's (the server, the harness's fault and restore). */
  on: z.enum(['page', 'node']),
  /** `fault`, a page event (`open`, `send`, `error`, `close`, `offline`, `close()` …) or `server: …` (`close-frame`, `socket-closed` …). */
  what: z.string(),
  /** The particulars in a few words: a close's code, a send's result. */
  detail: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/**
 * A heartbeat trial: fault to each side's heartbeat giving up (the page's on its clock synced to Node's, the
 * server's on Node's), and the page's close() on the dead socket to its `close` event (page clock) — how long a
 * reconnect loop that waits for `close` is stuck. null: it did not happen within the window, or that side ran none.
 */
export const HeartbeatObservation = z.object({
  strategy: HeartbeatStrategy,
  pageToDead: TrialTime.nullable(),
  serverToDead: TrialTime.nullable(),
  closeAfterCall: TrialTime.nullable(),
  /**
   * How late the page's deadline timer fired: the page giving up, less the unanswered ping's send and the timeout,
   * on the page's clock. A few ms on a visible page; a hidden page's timer throttling shows here. Absent from
   * findings recorded before it was (read as null).
   */
  deadlineLate: TrialTime.nullable().default(null),
});
export type HeartbeatObservation = z.infer<typeof HeartbeatObservation>;

/** What one trial showed, reduced to what we compare, and how it was measured. */
export const TrialObservation = z.object({
  /** Lifecycle events in the order the page saw them (open, message, error, close, online, offline). */
  events: z.array(z.string()),
  closeCode: z.number().int().nullable(),
  closeReason: z.string().nullable(),
  wasClean: z.boolean().nullable(),
  errorFired: z.boolean(),
  /** null: nothing closed within the window — a result, not a failure. */
  toClose: TrialTime.nullable(),
  /**
   * Cross-check where the engine reports it (Chromium's DevTools `Network.webSocketClosed`): fault to the moment the
   * browser's network layer saw the socket end, on Node's clock; null elsewhere.
   */
  networkToClose: TrialTime.nullable().optional(),
  /** The close handler ran this long after the engine stamped the event (`t − event.timeStamp`). */
  closeDispatchMs: z.number().nullable(),
  /** The page's largest event-loop delay while the trial was watched, and the clock sync's own error. */
  pageLagMs: z.number(),
  syncErrorMs: z.number(),
  /** Measured with the machine to itself (runner/quiet). */
  quiet: z.boolean(),
  /** What each `send()` after the fault did: `ok` or the exception, with bufferedAmount before→after. */
  sends: z.array(z.string()),
  /** The server's view: the close frame it received (`1000 "reason"`, `none`). */
  serverSaw: z.string(),
  /** Restore scenarios: messages the page sent after the fault, how many reached the server, how many twice. */
  delivery: z
    .object({
      sent: z.number().int(),
      received: z.number().int(),
      duplicated: z.number().int(),
      receivedDuringCut: z.number().int(),
      /** An echo server's answers the page got back (distinct), and how many came twice; null where the server does not echo. */
      returned: z.number().int().nullable().default(null),
      returnedTwice: z.number().int().nullable().default(null),
    })
    .nullable(),
  /** The TCP segments that ended the connection toward the browser, captured on loopback (`FIN`, `RST`, `none`); null where not captured. */
  wire: z.string().nullable().default(null),
  /** A lossy path: the packets its random loss dropped during the trial (an nft counter); null elsewhere. */
  packetsLost: z.number().int().nullable().default(null),
  /** Restart scenarios: fault to the first echo on a reconnected socket, and how many sockets the page opened to get it. */
  recovery: z.object({ toEcho: TrialTime.nullable(), attempts: z.number().int(), restored: TrialTime.nullable().default(null) }).nullable().default(null),
  /** Heartbeat scenarios only. */
  heartbeat: HeartbeatObservation.optional(),
  /** Every event of the trial on one time axis, in time order (absent in files recorded before it was kept). */
  timeline: z.array(TimelineEntry).optional(),
});
export type TrialObservation = z.infer<typeof TrialObservation>;

/** Time from fault to `close` over the trials that closed: k of n, the spread, and the median's interval. */
export const TimeStats = z.object({
  median: z.number(),
  p95: z.number(),
  min: z.number(),
  max: z.number(),
  /** Distribution-free interval for the median (two order statistics) and its exact coverage. */
  medianInterval: z.object({ lo: z.number(), hi: z.number(), coverage: z.number() }),
  /**
   * The median's own error: it lies between the median of the trials' lower ends (ms − uncertainty) and that of
   * their upper ends; each trial keeps its own uncertainty, so min, max and p95 are read with the trials'.
   */
  uncertaintyMs: z.number(),
});
export type TimeStats = z.infer<typeof TimeStats>;

/** A heartbeat scenario's times over its trials: k of n for each, with their statistics. */
export const HeartbeatSummary = z.object({
  pageDead: z.number().int(),
  pageToDead: TimeStats.nullable(),
  serverDead: z.number().int(),
  serverToDead: TimeStats.nullable(),
  /** Trials whose page called close() on the dead socket, and how many of those saw `close` within the window. */
  closeCalls: z.number().int(),
  closedAfterCall: z.number().int(),
  closeAfterCall: TimeStats.nullable(),
  deadlineLate: TimeStats.nullable().default(null),
});
export type HeartbeatSummary = z.infer<typeof HeartbeatSummary>;

/** A scenario × project's outcome over its trials. */
export const Summary = z.object({
  /** Trials run, and how many closed within the window. */
  n: z.number().int().min(1),
  closed: z.number().int().min(0),
  /** Each distinct outcome as one line, with how many trials had it. */
  outcomes: z.array(z.object({ record: z.string(), count: z.number().int().min(1) })),
  msToClose: TimeStats.nullable(),
  /**
   * Over ten or more attempts made one after another against one endpoint: do later ones take much longer
   * (median of the last third over 4 × that of the first third, plus 50 ms)? null for other scenarios.
   */
  trend: z.enum(['flat', 'growing']).nullable(),
  /** Heartbeat scenarios only. */
  heartbeat: HeartbeatSummary.optional(),
});
export type Summary = z.infer<typeof Summary>;

/** One scenario × project. */
export const Finding = z.object({
  scenario: z.string(),
  project: z.string(),
  ...BrowserInfo.shape,
  /** The fault as data, so nothing downstream re-parses the scenario id. */
  fault: Fault,
  /** What ends (or cannot end) the connection after this fault, in one phrase. */
  mechanism: z.string(),
  windowMs: z.number().int(),
  /** The page state the scenario asked for (the page's own `visibilityState` is in the conditions); older: visible. */
  pageState: PageState.default('visible'),
  summary: Summary,
  trials: z.array(TrialObservation),
  /** How the outcome departs from the standard where the standard is explicit, with the sentence it breaks; null if it conforms or the standard is silent. */
  deviation: z.string().nullable(),
  /** Conditions that shape the numbers (e.g. kernel TCP timers), stated next to them. */
  conditions: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type Finding = z.infer<typeof Finding>;

export const Environment = z.object({
  os: z.string(),
  kernel: z.string(),
  node: z.string(),
  playwright: z.string(),
  profile: z.string(),
  /** Kernel TCP settings of the namespace the browsers ran in. */
  tcp: z.record(z.string(), z.string()),
});

/** How loaded the machine was over the run: quiet trials had it to themselves whatever this says. */
const Load = z.object({
  cores: z.number().int(),
  /** Share of all cores' time spent busy over the whole run (null off Linux). */
  cpuBusy: z.number().nullable(),
});

/**
 * The harness's own timing error on one project, measured under the same quiet lock as the trials it qualifies:
 * pairs of NTP-style syncs a trial's length apart; the offset's change between them is what a trial's correction
 * leaves uncorrected.
 */
export const Calibration = z.object({
  project: z.string(),
  browserVersion: z.string(),
  /** Page clock minus Node clock, as each sync measured it. */
  clockOffsetMs: z.object({ median: z.number(), maxAbs: z.number() }),
  /** |second offset − first offset| over the pairs: the error left after correcting by the first. */
  residualMs: z.object({ median: z.number(), max: z.number() }),
  /** The sync's round trip (smallest of its exchanges) and the error bound it implies. */
  roundTripMs: z.object({ median: z.number(), max: z.number() }),
  syncErrorMs: z.object({ median: z.number(), max: z.number() }),
  /** The smallest step the page's clock takes. */
  resolutionMs: z.number(),
  /** The page's event-loop delay over the calibration, and the machine's CPU use meanwhile. */
  pageLagMs: z.object({ median: z.number(), max: z.number() }),
  machineBusy: z.number(),
});export type Calibration = z.infer<typeof Calibration>;

/** reports/findings.json: the single source of truth for its shape (its JSON Schema is published beside it). */
export const FindingsFile = z.object({
  schemaVersion: z.literal(2),
  generatedAt: z.string(),
  environment: Environment,
  load: Load,
  calibration: z.array(Calibration),
  findings: z.array(Finding),
});
export type FindingsFile = z.infer<typeof FindingsFile>;
