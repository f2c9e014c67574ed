import { test, expect } from '../../fixtures';
import { heartbeatPreset } from '../../scenarios/heartbeat';
import { defineScenario, type Fault } from '../../scenarios/schema';
import { RECONNECT_ALLOWANCE_MS } from '../../scenarios/timing';
import { finding, trial } from './findings-fixture';

// A reconnect after the heartbeat gave up: malformed ones are rejected naming the field, and the loop's model bites
// at both ends (an echo before the trigger's retry or the network's return, a median past one retry after them).

const fast = heartbeatPreset('fast', 'quick');
const scenario = (under: string, reconnect: object, heartbeat: object = fast) => () =>
  defineScenario({ id: 'heartbeat:lab', fault: { kind: 'heartbeat', heartbeat, under, reconnect } as never, windowMs: 1, trials: 1, quiet: false });

test('heartbeat reconnect: malformed ones are rejected naming the field', () => {
  expect(scenario('blackhole', { on: 'on-dead', retryMs: 500 })).not.toThrow();
  expect(scenario('blackhole', { on: 'whenever', retryMs: 500 })).toThrow(/fault\.reconnect\.on/);
  expect(scenario('blackhole', { on: 'on-dead', retryMs: 10 })).toThrow(/fault\.reconnect\.retryMs/);
  expect(scenario('server-kill', { on: 'on-dead', retryMs: 500 })).toThrow(/client-ping[\s\S]*fault\.reconnect/);
  expect(scenario('blackhole', { on: 'on-dead', retryMs: 500 }, { ...fast, strategy: 'server-ping' })).toThrow(/client-ping[\s\S]*fault\.reconnect/);
  expect(scenario('offline', { on: 'on-dead', retryMs: 500 })).toThrow(/needs the network back[\s\S]*restoreAfterMs/);
  expect(scenario('offline', { on: 'on-dead', retryMs: 500, restoreAfterMs: 2_000 })).toThrow(/latest detection[\s\S]*restoreAfterMs/);
});

test('heartbeat reconnect: an echo too soon after its trigger or the network, or a median past one retry, fails the model', () => {
  const retryMs = 500;
  const fault: Fault = { kind: 'heartbeat', heartbeat: fast, under: 'offline', reconnect: { on: 'on-dead', retryMs, restoreAfterMs: 4_000 } };
  const at = (echoMs: number) =>
    trial(null, {
      heartbeat: { strategy: 'client-ping', pageToDead: { ms: 2_000, uncertaintyMs: 2, clock: 'synced' }, serverToDead: null, closeAfterCall: null, deadlineLate: null },
      recovery: { toEcho: { ms: echoMs, uncertaintyMs: 2, clock: 'synced' }, attempts: 4, restored: { ms: 4_010, uncertaintyMs: 2, clock: 'node' } },
    });
  const of = (...echoes: number[]) => finding('heartbeat:lab', 'chromium', fault, echoes.map(at));
  expect(of(4_100, 4_300, 4_500)).toReconnectWithinModel(RECONNECT_ALLOWANCE_MS);
  // Before the network came back: a loop that got through while offline.
  expect(of(3_500, 4_300, 4_500)).not.toReconnectWithinModel(RECONNECT_ALLOWANCE_MS);
  const late = 4_010 + retryMs + RECONNECT_ALLOWANCE_MS + 10;
  expect(of(4_300, late, late)).not.toReconnectWithinModel(RECONNECT_ALLOWANCE_MS);
  // An echo with nothing that could have started the loop.
  const untriggered = trial(null, { recovery: { toEcho: { ms: 4_300, uncertaintyMs: 2, clock: 'synced' }, attempts: 1, restored: null } });
  expect(finding('heartbeat:lab', 'chromium', fault, [untriggered])).not.toReconnectWithinModel(RECONNECT_ALLOWANCE_MS);
});
