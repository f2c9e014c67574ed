/**
 * The lab's one timebase: epoch milliseconds with a sub-millisecond fraction. The page computes the same
 * (`performance.timeOrigin + performance.now()` in recorder/page.js), so Node-side fault times and page-side
 * event times are directly comparable on one machine.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
