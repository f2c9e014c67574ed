import { summarize } from '../../findings/observe';
import type { Finding, FindingsFile, TrialObservation } from '../../findings/schema';
import type { Fault } from '../../scenarios/schema';

/** Tiny, hand-made findings for the reporters' and conclusions' lab tests: no browser, no run. */

/** A trial that closed `ms` after its fault, as the page saw it; fields overridable. */
export function trial(ms: number | null, overrides: Partial<TrialObservation> = {}): TrialObservation {
  return {
    events: ms === null ? ['open'] : ['open', 'error', 'close'],
    closeCode: ms === null ? null : 1006,
    closeReason: ms === null ? null : '',
    wasClean: ms === null ? null : false,
    errorFired: ms !== null,
    toClose: ms === null ? null : { ms, uncertaintyMs: 0.6, clock: 'page' },
    closeDispatchMs: null,
    pageLagMs: 0.4,
    syncErrorMs: 0.1,
    quiet: true,
    sends: [],
    serverSaw: 'no-close-frame',
    delivery: null,
    wire: null,
    packetsLost: null,
    recovery: null,
    ...overrides,
  };
}

/** A finding of `scenario` in `project` made of `trials`. */
export function finding(scenario: string, project: string, fault: Fault, trials: TrialObservation[]): Finding {
  return {
    scenario,
    project,
    engine: project as Finding['engine'],
    driver: 'playwright',
    source: 'distribution',
    browserVersion: '1.0',
    executable: `/usr/bin/${project}`,
    fault,
    mechanism: 'a close frame over loopback: the page hears it at once',
    windowMs: 2_000,
    pageState: 'visible',
    summary: summarize(trials, false),
    trials,
    deviation: null,
    conditions: {},
  };
}

/** A findings file around `findings`, with one calibration row. */
export function findingsFile(findings: Finding[]): FindingsFile {
  return {
    schemaVersion: 2,
    generatedAt: '2026-01-01T00:00:00.000Z',
    environment: { os: 'Test OS', kernel: '6.0', node: 'v20', playwright: '1.63.0', profile: 'quick', tcp: { tcp_retries2: '15' } },
    load: { cores: 2, cpuBusy: 0.25 },
    calibration: [
      {
        project: 'chromium',
        browserVersion: '1.0',
        clockOffsetMs: { median: 0.2, maxAbs: 0.5 },
        residualMs: { median: 0.1, max: 0.3 },
        roundTripMs: { median: 0.8, max: 2 },
        syncErrorMs: { median: 0.4, max: 1 },
        resolutionMs: 0.1,
        pageLagMs: { median: 0.3, max: 1.2 },
        machineBusy: 0.1,
      },
    ],
    findings,
  };
}
