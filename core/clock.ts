/**
 * Node's clock for the lab: epoch milliseconds with a sub-millisecond fraction, from the monotonic clock
 * (`performance.timeOrigin + performance.now()`). The page computes the same in its own process; the two are
 * compared only through a measured offset (runner/clock-sync), never assumed equal.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** When an act happened, bracketed: it took effect at some moment between `before` and `after`. */
export interface Bracket {
  before: number;
  after: number;
}

/** A bracket's best estimate: its midpoint. */
export const midpoint = (b: Bracket) => (b.before + b.after) / 2;

/** How far the act may lie from the midpoint: half the bracket. */
export const halfWidth = (b: Bracket) => (b.after - b.before) / 2;

/** Stamps `act` before and after; the act took effect somewhere in between. */
export async function bracket<T>(act: () => T | Promise<T>): Promise<{ at: Bracket; value: T }> {
  const before = epochNow();
  const value = await act();
  return { at: { before, after: epochNow() }, value };
}
