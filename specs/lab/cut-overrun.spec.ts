import { test, expect } from '../../fixtures';
import { cutOverrun } from '../../runner/run';
import type { Trial } from '../../runner/trial';
import { networkCutScenarios } from '../../scenarios/catalog';

// A restore scenario's cut that outlasts its design by more than the allowance is named, so its trial is redone;
// one within it, or a trial with nothing restored, stands.

const restore = networkCutScenarios('quick').find(s => s.id === 'network-cut:link-down:restore')!;
const idle = networkCutScenarios('quick').find(s => s.id === 'network-cut:link-down:idle')!;
const cutMs = restore.fault.kind === 'network-cut' ? restore.fault.cutMs : 0;
// Only the two fields cutOverrun reads: the cut's stamp and the restore's end.
const trial = (heldMs: number | null) => ({ fault: { clock: 'node', before: 1_000, after: 1_000 }, restoredAt: heldMs === null ? null : 1_000 + heldMs }) as Trial;

test('a cut that came back more than 1.5 s late is named; one in time is not', () => {
  expect(cutOverrun(restore, trial(cutMs + 400))).toBeNull();
  expect(cutOverrun(restore, trial(cutMs + 2_000))).toBe(`the cut lasted ${cutMs + 2_000} ms, not ${cutMs}`);
  expect(cutOverrun(idle, trial(null))).toBeNull();
});
