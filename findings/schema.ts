import { z } from 'zod';

/** Time from fault to `close` over a scenario's runs; null when no run closed within the window. */
export const MsStats = z.object({ min: z.number(), median: z.number(), max: z.number() }).nullable();

/** What one run of a scenario showed, reduced to what we compare. */
export const RunObservation = z.object({
  /** Lifecycle events in the order the page saw them (open, message, error, close, online, offline). */
  events: z.array(z.string()),
  closeCode: z.number().int().nullable(),
  closeReason: z.string().nullable(),
  wasClean: z.boolean().nullable(),
  errorFired: z.boolean(),
  /** null: nothing closed within the window — a result, not a failure. */
  msToClose: z.number().nullable(),
  /** What each `send()` after the fault did: `ok` or the exception, with bufferedAmount before→after. */
  sends: z.array(z.string()),
  /** The server's view: the close frame it received (`1000 "reason"`, `none`). */
  serverSaw: z.string(),
  /** Restore scenarios: messages the page sent after the fault, how many reached the server, how many twice. */
  delivery: z
    .object({ sent: z.number().int(), received: z.number().int(), duplicated: z.number().int(), receivedDuringCut: z.number().int() })
    .nullable(),
});
export type RunObservation = z.infer<typeof RunObservation>;

/** Everything a scenario × project measured. */
export const Observed = RunObservation.pick({ events: true, closeCode: true, closeReason: true, wasClean: true, errorFired: true }).extend({
  msToClose: MsStats,
  windowMs: z.number().int(),
  /**
   * Over ten or more attempts made one after another against one endpoint: do later ones take much longer
   * (median of the last third over 4 × that of the first third, plus 50 ms)? null for other scenarios.
   */
  trend: z.enum(['flat', 'growing']).nullable(),
  /** The outcome as one line: the runs' distinct records joined by " | ", and the trend if any. */
  record: z.string(),
  /** Every run had the same record. */
  consistent: z.boolean(),
});
export type Observed = z.infer<typeof Observed>;

export const BrowserInfo = z.object({
  engine: z.enum(['chromium', 'firefox', 'webkit']),
  driver: z.string(),
  source: z.enum(['playwright', 'distribution']),
  browserVersion: z.string(),
  executable: z.string(),
});

/** One scenario × project. */
export const Finding = z.object({
  scenario: z.string(),
  project: z.string(),
  ...BrowserInfo.shape,
  runs: z.number().int().min(1),
  observed: Observed,
  samples: z.array(RunObservation),
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

/** The harness's own timing error on one project, so every millisecond in the findings has a stated uncertainty. */
export const Calibration = z.object({
  project: z.string(),
  browserVersion: z.string(),
  /** Page clock minus the Node clock at the midpoint of a round trip; ideally within half a round trip. */
  clockOffsetMs: z.object({ median: z.number(), maxAbs: z.number() }),
  roundTripMs: z.object({ median: z.number() }),
  /** The smallest step the page's clock takes. */
  resolutionMs: z.number(),
});
export type Calibration = z.infer<typeof Calibration>;

/** reports/findings.json: the single source of truth for its shape (its JSON Schema is published beside it). */
export const FindingsFile = z.object({
  schemaVersion: z.literal(1),
  generatedAt: z.string(),
  environment: Environment,
  calibration: z.array(Calibration),
  findings: z.array(Finding),
});
export type FindingsFile = z.infer<typeof FindingsFile>;
