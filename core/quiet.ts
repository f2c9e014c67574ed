import { type Held, MachineLock } from './machine-lock';

/**
 * Quiet for the milliseconds that are measured, overlap for everything else, across all of Playwright's workers.
 *
 * A millisecond-scale trial holds the machine-wide lock exclusively for its measured span (clock sync, fault,
 * close); what loads the CPU in bursts (launching a browser, opening or closing a page) holds it shared. So no page
 * is being created while a close is being timed, and long windows still overlap each other freely.
 */
const quiet = new MachineLock('wslab-quiet');

/** Runs `measure` with the machine to itself: no other worker launches, opens or closes a page meanwhile. */
export function quietly<T>(measure: () => Promise<T>): Promise<T> {
  return quiet.holding('exclusive', measure);
}

/** Takes the lock exclusively and hands it over; the caller releases it (for a span that ends mid-function). */
export function holdQuiet(): Promise<Held> {
  return quiet.acquire('exclusive');
}

/** Runs CPU-heavy harness work (browser launch, page open or close) outside every measured span. */
export function busy<T>(work: () => Promise<T>): Promise<T> {
  return quiet.holding('shared', work);
}
