import { test, expect } from '../../fixtures';
import { heartbeatPreset, HeartbeatPresetName } from '../../scenarios/heartbeat';
import { heartbeatScenarios } from '../../scenarios/heartbeat-catalog';
import { defineScenario, type Fault } from '../../scenarios/schema';
import { HEARTBEAT_ALLOWANCE_MS } from '../../scenarios/timing';
import { finding, trial } from './findings-fixture';

// Heartbeat scenarios as data: malformed ones are rejected naming the field, quick presets keep their shape, and
// the model's window bites at both ends.

const fast = heartbeatPreset('fast', 'quick');
const scenario = (heartbeat: object, under = 'blackhole') => () =>
  defineScenario({ id: 'heartbeat:lab', fault: { kind: 'heartbeat', heartbeat, under } as never, windowMs: 1, trials: 1, quiet: false });

test('heartbeat: malformed settings are rejected naming the field', () => {
  expect(scenario({ ...fast, intervalMs: -1 })).toThrow(/heartbeat\.intervalMs/);
  expect(scenario({ ...fast, timeoutMs: 50 })).toThrow(/at least 100 ms[\s\S]*heartbeat\.timeoutMs/);
  expect(scenario({ ...fast, strategy: 'nobody' })).toThrow(/heartbeat\.strategy/);
  expect(scenario({ ...fast, preset: 'mystery' })).toThrow(/heartbeat\.preset/);
  expect(scenario(fast, 'meteor')).toThrow(/under/);
  expect(scenario({ ...fast, strategy: 'server-ping' }, 'server-freeze')).toThrow(/stopped server runs no timer[\s\S]*fault\.under/);
  expect(scenario(fast, 'proxy-idle')).toThrow(/need a proxy[\s\S]*fault\.proxy/);
});

test('heartbeat: through a proxy whose idle timeout is longer than the interval, any ending fails the model', () => {
  const fault: Fault = { kind: 'heartbeat', heartbeat: fast, under: 'proxy-idle', proxy: { name: 'nginx', idleTimeoutMs: 3_000 } };
  const open = trial(null, { heartbeat: { strategy: 'client-ping', pageToDead: null, serverToDead: null, closeAfterCall: null, deadlineLate: null } });
  expect(finding('heartbeat:lab', 'chromium', fault, [open, open, open])).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(finding('heartbeat:lab', 'chromium', fault, [open, trial(3_000), open])).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  const slow: Fault = { ...fault, proxy: { name: 'nginx', idleTimeoutMs: fast.intervalMs } };
  expect(finding('heartbeat:lab', 'chromium', slow, [trial(3_000)])).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
});

test('heartbeat: on a lossy path within the timeout (round trip and a segment lost twice) any giving up fails the model', () => {
  const lossy = (oneWayDelayMs: number): Fault => ({ kind: 'heartbeat', heartbeat: fast, under: 'slow-path', oneWayDelayMs, lossPercent: 2 });
  const alive = trial(null, { heartbeat: { strategy: 'client-ping', pageToDead: null, serverToDead: null, closeAfterCall: null, deadlineLate: null } });
  const gaveUp = trial(null, { heartbeat: { strategy: 'client-ping', pageToDead: { ms: 2_000, uncertaintyMs: 5, clock: 'synced' }, serverToDead: null, closeAfterCall: null, deadlineLate: null } });
  // 300 ms + 600 ms of repair is within the fast preset's 1.5 s: nothing may give up.
  expect(finding('heartbeat:lab', 'chromium', lossy(150), [alive, alive, alive])).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(finding('heartbeat:lab', 'chromium', lossy(150), [alive, gaveUp, alive])).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  // 1 s + 600 ms is not: a giving up there is what the path does, not a false alarm the model forbids.
  expect(finding('heartbeat:lab', 'chromium', lossy(500), [alive, gaveUp, alive])).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(() => defineScenario({ id: 'heartbeat:lab', fault: { kind: 'heartbeat', heartbeat: fast, under: 'blackhole', lossPercent: 2 }, windowMs: 1, trials: 1, quiet: false })).toThrow(/slow path[\s\S]*lossPercent/);
});

test('heartbeat: quick presets keep their shape, full ones the real defaults', () => {
  const quick = heartbeatPreset('socketio', 'quick');
  const full = heartbeatPreset('socketio', 'full');
  expect(full).toMatchObject({ strategy: 'server-ping', intervalMs: 25_000, timeoutMs: 20_000 });
  expect(quick.intervalMs / quick.timeoutMs).toBe(full.intervalMs / full.timeoutMs);
  expect(quick.intervalMs + quick.timeoutMs).toBeLessThanOrEqual(10_000);
  expect(heartbeatPreset('action-cable', 'quick')).toEqual(heartbeatPreset('action-cable', 'full'));
});

test('heartbeat: detections before the timeout or a median past interval + timeout fail the model', () => {
  const fault: Fault = { kind: 'heartbeat', heartbeat: fast, under: 'blackhole' };
  const dead = (ms: number) => trial(null, { heartbeat: { strategy: 'client-ping', pageToDead: { ms, uncertaintyMs: 5, clock: 'synced' }, serverToDead: null, closeAfterCall: null, deadlineLate: null } });
  const at = (...ms: number[]) => finding('heartbeat:lab', 'chromium', fault, ms.map(dead));
  const latest = fast.intervalMs + fast.timeoutMs;
  expect(at(1_600, 2_000, 2_400)).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(at(900, 2_000, 2_400)).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(at(2_000, latest + HEARTBEAT_ALLOWANCE_MS + 10, latest + 2_000)).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
});

test("heartbeat: a hidden page's throttled timers move the page's end by 1 s, and only there", () => {
  const fault: Fault = { kind: 'heartbeat', heartbeat: fast, under: 'blackhole' };
  const dead = (ms: number) => trial(null, { heartbeat: { strategy: 'client-ping', pageToDead: { ms, uncertaintyMs: 5, clock: 'synced' }, serverToDead: null, closeAfterCall: null, deadlineLate: null } });
  const at = (engine: string, visibility: string) => ({ ...finding('heartbeat:lab', engine, fault, [2_900, 3_000, 3_100].map(dead)), conditions: { pageVisibility: visibility } });
  expect(at('webkit', 'hidden')).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(at('webkit', 'visible')).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(at('chromium', 'hidden')).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(at('firefox', 'visible')).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  // Past the wake-up as well: late even for a hidden page.
  const later = { ...finding('heartbeat:lab', 'chromium', fault, [3_900, 4_000, 4_100].map(dead)), conditions: { pageVisibility: 'hidden' } };
  expect(later).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
});

test('heartbeat: a Chromium page hidden past the intensive-throttling grace wakes once a minute, and only then', () => {
  const dead = (ms: number) => trial(null, { heartbeat: { strategy: 'client-ping', pageToDead: { ms, uncertaintyMs: 5, clock: 'synced' }, serverToDead: null, closeAfterCall: null, deadlineLate: null } });
  const at = (leadMs: number | undefined, engine: string, ...ms: number[]) => {
    const fault: Fault = { kind: 'heartbeat', heartbeat: fast, under: 'blackhole', ...(leadMs ? { leadMs } : {}) };
    return { ...finding('heartbeat:lab', engine, fault, ms.map(dead)), conditions: { pageVisibility: 'hidden' } };
  };
  // Up to a minute for the ping, the timeout, a minute for the deadline: 121.5 s.
  expect(at(6 * 60_000, 'chromium', 96_000, 97_000, 98_000)).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(at(6 * 60_000, 'chromium', 125_000, 126_000, 127_000)).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(at(undefined, 'chromium', 96_000, 97_000, 98_000)).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(at(6 * 60_000, 'firefox', 96_000, 97_000, 98_000)).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
});

test('heartbeat: the full profile runs every preset under every fault it can watch; quick a few', () => {
  const full = heartbeatScenarios('full').map(s => s.id);
  for (const preset of HeartbeatPresetName.options) expect(full.some(id => id.includes(`:${preset}:blackhole`))).toBe(true);
  expect(full).not.toContain('heartbeat:server-ping:socketio:server-freeze');
  // Quick: twelve direct, and each fast heartbeat (page, server) through each proxy both ways.
  expect(heartbeatScenarios('quick').length).toBeLessThanOrEqual(20);
});

test('heartbeat: on a slow but live path within the timeout any giving up fails the model; past it, the dead-path window applies', () => {
  const slow = (oneWayDelayMs: number): Fault => ({ kind: 'heartbeat', heartbeat: fast, under: 'slow-path', oneWayDelayMs });
  const open = trial(null, { heartbeat: { strategy: 'client-ping', pageToDead: null, serverToDead: null, closeAfterCall: null, deadlineLate: null } });
  const dead = trial(null, { heartbeat: { strategy: 'client-ping', pageToDead: { ms: 2_000, uncertaintyMs: 5, clock: 'synced' }, serverToDead: null, closeAfterCall: null, deadlineLate: null } });
  expect(finding('heartbeat:lab', 'chromium', slow(300), [open, open])).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(finding('heartbeat:lab', 'chromium', slow(300), [open, dead])).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(finding('heartbeat:lab', 'chromium', slow(1_000), [dead, dead])).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  expect(scenario(fast, 'slow-path')).toThrow(/oneWayDelayMs/);
});

test('heartbeat: a ping caught in flight may end the page sooner than T, by at most the in-flight allowance; a deadline never fires early', () => {
  const fault: Fault = { kind: 'heartbeat', heartbeat: fast, under: 'server-freeze' };
  const dead = (ms: number, lateMs: number) =>
    trial(null, {
      heartbeat: {
        strategy: 'client-ping',
        pageToDead: { ms, uncertaintyMs: 1, clock: 'synced' },
        serverToDead: null,
        closeAfterCall: null,
        deadlineLate: { ms: lateMs, uncertaintyMs: 0.2, clock: 'page' },
      },
    });
  const at = (...trials: ReturnType<typeof dead>[]) => finding('heartbeat:lab', 'chromium', fault, trials);
  // Sent 10 ms before the fault, given up 1.5 s after it was sent.
  expect(at(dead(1_490, 0), dead(2_000, 3), dead(2_400, 2))).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  // Sent 300 ms before the fault: no ping is in flight that long.
  expect(at(dead(1_200, 0), dead(2_000, 3), dead(2_400, 2))).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  // Given up 50 ms short of the timeout after its ping: the heartbeat's own fault.
  expect(at(dead(1_490, -50), dead(2_000, 3), dead(2_400, 2))).not.toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
});
