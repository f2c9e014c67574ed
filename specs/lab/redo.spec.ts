import { test, expect } from '../../fixtures';
import { cutOverrun, redoReason, stalledGiveUp } from '../../runner/run';
import type { Trial } from '../../runner/trial';
import { loweredTimerScenarios, networkCutScenarios } from '../../scenarios/network-cut-catalog';
import { GIVE_UP_ALLOWANCE_MS } from '../../scenarios/timing';

// A trial that could not test its scenario is named, so it is run again: a restore whose cut outlasted its design by
// more than the allowance, a lowered-timer send whose page stalled past the give-up allowance. Others stand.

const restore = networkCutScenarios('quick').find(s => s.id === 'network-cut:link-down:restore')!;
const idle = networkCutScenarios('quick').find(s => s.id === 'network-cut:link-down:idle')!;
const cutMs = restore.fault.kind === 'network-cut' ? restore.fault.cutMs : 0;
const singleSend = loweredTimerScenarios().find(s => s.id === 'network-cut:blackhole:single-send:tcp-retries2-3')!;
// Only the fields the rules read: the cut's stamp, the restore's end, the page's lag.
const trial = (heldMs: number | null, pageLagMs = 0) =>
  ({ fault: { clock: 'node', before: 1_000, after: 1_000 }, restoredAt: heldMs === null ? null : 1_000 + heldMs, pageLagMs }) as Trial;

test('a cut that came back more than 1.5 s late is named; one in time is not', () => {
  expect(cutOverrun(restore, trial(cutMs + 400))).toBeNull();
  expect(cutOverrun(restore, trial(cutMs + 2_000))).toBe(`the cut lasted ${cutMs + 2_000} ms, not ${cutMs}`);
  expect(cutOverrun(idle, trial(null))).toBeNull();
});

test('a lowered-timer send whose page stalled past the give-up allowance is named; a lag within it, or elsewhere, is not', () => {
  expect(stalledGiveUp(singleSend, trial(null, GIVE_UP_ALLOWANCE_MS))).toBeNull();
  expect(stalledGiveUp(singleSend, trial(null, 958))).toBe(`the page stalled 958 ms, past the give-up allowance of ${GIVE_UP_ALLOWANCE_MS} ms`);
  expect(stalledGiveUp(restore, trial(null, 958))).toBeNull();
  expect(redoReason(singleSend, trial(null, 958))).toBe(stalledGiveUp(singleSend, trial(null, 958)));
  expect(redoReason(restore, trial(cutMs + 2_000))).toBe(cutOverrun(restore, trial(cutMs + 2_000)));
});
