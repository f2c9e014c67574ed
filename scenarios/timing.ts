/**
 * Named allowances for one-sided timing bounds. A bound is the mechanism's own delay, plus the trial's measured
 * uncertainty (clock sync, fault bracket, clock resolution, the page's event-loop delay), plus one of these: what
 * neither covers — the engine's own work between the socket and the handler on a quiet machine.
 */

/**
 * A close frame, FIN or RST over loopback, or a loopback handshake failing, measured quietly: the engine passes it
 * from its network thread or process to the page's handler in a few milliseconds.
 */
export const LOOPBACK_JITTER_MS = 20;

/** A close driven by a kernel timer: timer slack plus the browser noticing the socket error. */
export const TIMER_ALLOWANCE_MS = 5_000;
