/**
 * Named allowances for one-sided timing bounds. A bound is the mechanism's own delay plus an allowance; the
 * allowance covers what the mechanism does not: scheduling on a loaded 2-core machine, the page's event loop,
 * and polling the recorder.
 */

/**
 * A fault delivered over loopback (a frame, a FIN, an RST) reaches the page in milliseconds on a quiet machine;
 * with the full profile's 24 browsers starting on 2 cores it took up to 1.4 s. The allowance covers that.
 */
export const DELIVERY_ALLOWANCE_MS = 3_000;

/** A close driven by a kernel timer: timer slack plus the browser noticing the socket error. */
export const TIMER_ALLOWANCE_MS = 5_000;
