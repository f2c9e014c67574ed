import { test, expect } from '../../fixtures';
import type { TrialObservation } from '../../findings/schema';
import { reconnectSection } from '../../reporters/page-reconnect';
import { heartbeatPreset } from '../../scenarios/heartbeat';
import type { Fault } from '../../scenarios/schema';
import { finding, trial } from './findings-fixture';

// The reconnect section reads its numbers from the findings: each loop's first echo per engine, and how much later
// the loop that waits for close got through, only where an engine measured both.

const fast = heartbeatPreset('fast', 'quick');
const fault = (on: 'on-dead' | 'on-close'): Fault => ({ kind: 'heartbeat', heartbeat: fast, under: 'blackhole', reconnect: { on, retryMs: 500 } });
const echoAt = (ms: number): TrialObservation =>
  trial(null, {
    heartbeat: { strategy: 'client-ping', pageToDead: { ms: 2_000, uncertaintyMs: 1, clock: 'synced' }, serverToDead: null, closeAfterCall: null, deadlineLate: null },
    recovery: { toEcho: { ms, uncertaintyMs: 1, clock: 'synced' }, attempts: 1, restored: null },
  });

test('reconnect section: first echoes per engine, and the cost of waiting for close where both were measured', () => {
  const [section] = reconnectSection([
    finding('heartbeat:client-ping:fast:blackhole:reconnect-on-dead', 'chromium', fault('on-dead'), [echoAt(2_500), echoAt(2_600), echoAt(2_700)]),
    finding('heartbeat:client-ping:fast:blackhole:reconnect-on-close', 'chromium', fault('on-close'), [echoAt(62_000), echoAt(62_200), echoAt(62_400)]),
    finding('heartbeat:client-ping:fast:blackhole:reconnect-on-dead', 'firefox', fault('on-dead'), [echoAt(2_400)]),
  ]);
  const text = JSON.stringify(section);
  expect(text).toContain('2600 ms [2500–2700]');
  expect(text).toContain('got through 59.6 s later (first echo 62.2 s vs 2600 ms, medians)');
  // Firefox measured one loop only: no comparison for it.
  expect(text.match(/got through/g)).toHaveLength(1);
  expect(reconnectSection([finding('server-close:1000', 'chromium', { kind: 'server-close', code: 1000 } as Fault, [trial(3)])])).toEqual([]);
});
