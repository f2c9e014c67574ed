import { test, expect } from '../../fixtures';
import { lagAt, toNodeTime, toPageEvent } from '../../findings/trial-time';
import type { Trial } from '../../runner/trial';

// A page event's uncertainty counts the event loop's stall around it, not the largest stall of the whole watch: a
// 400 ms stall seconds away did not delay it; one that ended beside it did; outside the watch the largest counts.

// Only the fields the lag and the event's time read: the fault, the sync, the clock's resolution and the watch.
const trial = {
  fault: { clock: 'page', before: 1_000, after: 1_000 },
  sync: { offsetMs: 0, errorMs: 0.5, roundTripMs: 1 },
  resolutionMs: 0.1,
  pageLagMs: 400,
  pageWatch: {
    maxMs: 400,
    late: [
      [2_000, 2_400],
      [5_000, 5_003],
    ],
    from: 1_000,
    to: 8_000,
    stallMs: 2,
  },
} as unknown as Trial;

test('a stall counts for the events beside it, and only there', () => {
  expect(lagAt(trial, 5_010)).toBe(3);
  expect(lagAt(trial, 2_410)).toBe(400);
  expect(lagAt(trial, 2_350)).toBe(400);
  // No late tick near: the loop ran on time, within the threshold of what the watch keeps.
  expect(lagAt(trial, 7_000)).toBe(2);
  // Outside the watch: nothing says how late the loop was, so the largest stall stands.
  expect(lagAt(trial, 9_000)).toBe(400);
  expect(toPageEvent(trial, { tag: 'x', type: 'heartbeat-dead', t: 5_010, onLine: true } as never)).toEqual({ ms: 4_010, uncertaintyMs: 3.1, clock: 'page' });
});

test("a server's moment against a fault the page stamped crosses the clocks through the sync, with its error", () => {
  // Page time = Node time + offset: a server moment at Node 2 990 is page 3 000, 2 s after the fault.
  const synced = { ...trial, sync: { offsetMs: 10, errorMs: 0.5, roundTripMs: 1 } } as Trial;
  expect(toNodeTime(synced, 2_990)).toEqual({ ms: 2_000, uncertaintyMs: 0.5, clock: 'synced' });
  expect(toNodeTime(synced, null)).toBeNull();
});
