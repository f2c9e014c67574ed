import type { Recorder } from '../recorder/recorder';
import type { LabServer } from '../server/lab-server';

/** How the page's clock relates to Node's, measured the NTP way around one trial. */
export interface ClockSync {
  /** Page clock minus Node clock (ms). A page time t is Node time t − offsetMs. */
  offsetMs: number;
  /** Bound on the offset's error: half the round trip it was measured in, plus the page clock's resolution. */
  errorMs: number;
  roundTripMs: number;
}

// Over the page's own loopback socket a round trip takes well under a millisecond; eight exchanges give the
// quickest one a fair chance of being undisturbed and cost a few milliseconds.
const EXCHANGES = 8;

// The best sync seen per page: both clocks count the machine's one monotonic clock from a fixed origin, so the
// offset does not drift, and the exchange with the smallest round trip so far pins it best (NTP's clock filter).
const bestOnPage = new WeakMap<Recorder, ClockSync>();
// Trials side by side in one page take turns: the page has one clock-sync socket, and one exchange in flight on it.
const turnOnPage = new WeakMap<Recorder, Promise<unknown>>();

/**
 * One sync on its own, remembering nothing: the server sends over the page's clock-sync socket and the page
 * answers with its clock, `exchanges` times; the exchange with the smallest round trip is kept. The page read its
 * clock somewhere inside it, so the offset from the midpoint is off by at most half of it (plus the resolution).
 */
export async function measureOffset(recorder: Recorder, server: LabServer, exchanges = EXCHANGES): Promise<ClockSync> {
  await recorder.syncOpen(server.wsUrl('/sync', recorder.syncTag));
  const [peer, resolutionMs] = await Promise.all([server.clockPeer(recorder.syncTag), recorder.resolution()]);
  let best: ClockSync | null = null;
  for (let i = 0; i < exchanges; i++) {
    const { before, page, after } = await peer.exchange();
    const roundTripMs = after - before;
    if (!best || roundTripMs < best.roundTripMs) best = { offsetMs: page - (before + after) / 2, errorMs: roundTripMs / 2 + resolutionMs, roundTripMs };
  }
  return best!;
}

/**
 * The sync a trial uses: this trial's own, or an earlier one on the same page with a smaller round trip, provided
 * the two agree within both error bounds (if not, the clocks moved and this sync alone counts).
 */
export function syncClock(recorder: Recorder, server: LabServer): Promise<ClockSync> {
  const turn = (turnOnPage.get(recorder) ?? Promise.resolve()).then(() => syncOnce(recorder, server));
  turnOnPage.set(recorder, turn.catch(() => {}));
  return turn;
}

async function syncOnce(recorder: Recorder, server: LabServer): Promise<ClockSync> {
  const now = await measureOffset(recorder, server);
  const best = bestOnPage.get(recorder);
  const agrees = best && Math.abs(best.offsetMs - now.offsetMs) <= best.errorMs + now.errorMs;
  const chosen = agrees && best.errorMs <= now.errorMs ? best : now;
  bestOnPage.set(recorder, chosen);
  return chosen;
}
