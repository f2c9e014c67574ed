import { test, expect } from '../../fixtures';
import type { TrialObservation } from '../../findings/schema';
import { heartbeatChoiceSection } from '../../reporters/page-heartbeat-choice';
import { heartbeatPreset } from '../../scenarios/heartbeat';
import type { Fault } from '../../scenarios/schema';
import { finding, trial } from './findings-fixture';

// "Which heartbeat to choose" reads everything from the findings: what each setting caught on the dead paths, its
// false alarms on the live ones, and the fastest sound setting; a setting with an alarm or a miss is never chosen.

const fast = heartbeatPreset('fast', 'quick');
const cable = heartbeatPreset('action-cable', 'quick');
const dead = (ms: number | null): TrialObservation =>
  trial(null, {
    heartbeat: { strategy: 'client-ping', pageToDead: ms === null ? null : { ms, uncertaintyMs: 1, clock: 'synced' }, serverToDead: null, closeAfterCall: null, deadlineLate: null },
  });
const blackhole = (h: typeof fast): Fault => ({ kind: 'heartbeat', heartbeat: h, under: 'blackhole' });
const slow = (h: typeof fast): Fault => ({ kind: 'heartbeat', heartbeat: h, under: 'slow-path', oneWayDelayMs: 1_000 });

test('heartbeat choice: caught, false alarms per live path and cost per setting; the fastest sound one is named', () => {
  const rows = [
    finding('heartbeat:client-ping:fast:blackhole', 'chromium', blackhole(fast), [dead(2_000), dead(2_400)]),
    finding('heartbeat:client-ping:fast:slow-path:1000ms', 'chromium', slow(fast), [dead(2_100), dead(null)]),
    finding('heartbeat:client-ping:action-cable:blackhole', 'firefox', blackhole(cable), [dead(7_000), dead(8_500)]),
    finding('heartbeat:client-ping:action-cable:slow-path:1000ms', 'firefox', slow(cable), [dead(null), dead(null)]),
  ];
  const text = JSON.stringify(heartbeatChoiceSection(rows));
  expect(text).toContain('slow-path (round trip 2 s) 1/2');
  expect(text).toContain('slow-path (round trip 2 s) 0/2');
  // The fast one raised an alarm, so the slower sound one is named, with its worst detection and cost.
  expect(text).toContain('detecting within 8500 ms at worst, for 40 messages a minute');
  const missed = [finding('heartbeat:client-ping:action-cable:blackhole', 'webkit', blackhole(cable), [dead(null)]), ...rows.slice(2)];
  expect(JSON.stringify(heartbeatChoiceSection(missed))).toContain('No setting measured here caught every dead-path trial');
  expect(heartbeatChoiceSection([finding('server-close:1000', 'chromium', { kind: 'server-close', code: 1000 }, [trial(3)])])).toEqual([]);
});
