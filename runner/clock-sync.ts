import { epochNow } from '../core/clock';
import type { Recorder } from '../recorder/recorder';

/** How the page's clock relates to Node's, measured the NTP way around one trial. */
export interface ClockSync {
  /** Page clock minus Node clock (ms). A page time t is Node time t − offsetMs. */
  offsetMs: number;
  /** Bound on the offset's error: half the round trip it was measured in, plus the page clock's resolution. */
  errorMs: number;
  roundTripMs: number;
}

// Five exchanges keep a sync under ~30 ms on the slowest driver (WebDriver BiDi) while giving the quickest round
// trip a fair chance of being undisturbed.
const EXCHANGES = 5;

// The best sync seen per page: both clocks count the machine's one monotonic clock from a fixed origin, so the
// offset does not drift, and the exchange with the smallest round trip so far pins it best (NTP's clock filter).
const bestOnPage = new WeakMap<Recorder, ClockSync>();

/** One sync on its own, remembering nothing: `exchanges` exchanges, the one with the smallest round trip kept. */
export async function measureOffset(recorder: Recorder, exchanges = EXCHANGES): Promise<ClockSync> {
  const resolutionMs = await recorder.resolution();
  let best: ClockSync | null = null;
  for (let i = 0; i < exchanges; i++) {
    const before = epochNow();
    const page = await recorder.now();
    const after = epochNow();
    const roundTripMs = after - before;
    if (!best || roundTripMs < best.roundTripMs) best = { offsetMs: page - (before + after) / 2, errorMs: roundTripMs / 2 + resolutionMs, roundTripMs };
  }
  return best!;
}

/**
 * Reads the page's clock `exchanges` times, each between two Node readings, and keeps the exchange with the
 * smallest round trip: the page read its clock somewhere inside it, so the offset from the midpoint is off by at
 * most half of it. An earlier exchange on the same page with a smaller round trip is kept instead, provided this
 * sync agrees with it within both error bounds; if not, the clocks moved and this sync alone counts.
 */
export async function syncClock(recorder: Recorder): Promise<ClockSync> {
  const now = await measureOffset(recorder);
  const best = bestOnPage.get(recorder);
  const agrees = best && Math.abs(best.offsetMs - now.offsetMs) <= best.errorMs + now.errorMs;
  const chosen = agrees && best.errorMs <= now.errorMs ? best : now;
  bestOnPage.set(recorder, chosen);
  return chosen;
}
