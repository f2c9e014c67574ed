import { MachineLock } from '../core/machine-lock';

/**
 * A lab namespace pair's set-up and teardown hold the kernel's rtnl lock (up to a second to unregister a veth), which
 * a link going down as a fault waits on: its bracket, the fault's stamp, was ±40–1000 ms with trials side by side.
 * So set-up and teardown hold this machine-wide lock shared, and the fault waits for it alone, outside its bracket.
 */
const lock = new MachineLock('wslab-links');

/** Runs set-up or teardown of namespaces and links (shared with other such work). */
export function linkWork<T>(work: () => Promise<T>): Promise<T> {
  return lock.holding('shared', work);
}

/** Runs `work` (a link-down as a fault, bracketed) while no namespace pair is being set up or torn down. */
export function linksSettled<T>(work: () => Promise<T>): Promise<T> {
  return lock.holding('exclusive', work);
}
