import { serverSideCloseMs } from './mechanisms';
import type { Fault } from './schema';

/**
 * Named allowances for one-sided timing bounds. A bound is the mechanism's own delay, plus the trial's measured
 * uncertainty (clock sync, fault bracket, clock resolution, the page's event-loop delay), plus one of these: what
 * neither covers — the engine's own work between its socket and the page's handler, on a quiet machine.
 */

/**
 * A close frame, FIN or RST over loopback, a closing handshake the page started, or a send into a reset: the engine
 * passes it from its network thread or process to the page's handler in a few milliseconds.
 */
export const LOOPBACK_JITTER_MS = 20;

/** An opening handshake that fails over loopback: a connect, perhaps a TLS or HTTP exchange, then the failure. */
const HANDSHAKE_FAILURE_ALLOWANCE_MS = 50;

/** The document goes away (navigation, reload, closed tab): the browser tears the page down, then closes its sockets. */
const TEARDOWN_ALLOWANCE_MS = 150;

/** A close driven by a kernel timer: timer slack plus the browser noticing the socket error. */
export const TIMER_ALLOWANCE_MS = 5_000;

/**
 * Engines shown, quietly and over repeated runs, to take longer than the common allowance for one mechanism get
 * their own, and the findings page shows their times. WebKitGTK 2.50 (libsoup) takes 20–110 ms to report a connection
 * it fails (a reset, a reset drawn by a send, a close frame it rejects: reserved or undefined codes, 1012–1014, an
 * over-long or invalid reason) and 70–260 ms to fail an opening handshake, where Chromium and Firefox take a few ms
 * (reports/findings.json). A clean close is as quick in WebKitGTK as elsewhere, so the allowance goes by outcome,
 * except the closing handshake the page starts: over the five-repeat stability run of the default scope (quiet, n = 5 a
 * repeat) its medians were 2–23 ms, `client-close:3000` 20.0 ms and `:4999` 23.0 ms once each, trials up to 57.5 ms
 * (reports/stability.md), where Chromium's and Firefox's stayed within 12 ms.
 * Firefox ESR 153 fails a handshake in 14–31 ms (medians), with a tail: n = 30 per case in the full profile
 * (reports/full, machine 94 % busy) gave p95 60–111 ms, max 205 ms, and a median of five reached 77.5 ms
 * (abrupt-after-handshake) in a loaded quick run; 150 ms keeps a five-trial median of that spread inside.
 */
const slowerEngines: Partial<Record<string, { failedConnection?: number; handshake?: number; teardown?: number; pageClose?: number }>> = {
  webkit: { failedConnection: 150, handshake: 400, pageClose: 50 },
  firefox: { handshake: 150 },
  // Chromium 156 ends a reloaded or navigated-away document's sockets 60–150 ms after the page asks to leave on a quiet
  // run (Firefox and WebKitGTK: 6–95 ms), and a loaded CI run took a median of 184 ms (trials 76–856 ms): the
  // browser's navigation work, on a CPU the other workers keep busy.
  chromium: { teardown: 500 },
};

/**
 * The allowance a millisecond-scale close of this fault gets in this engine; `failed`: the trials ended in a failed
 * connection (not clean), which some engines report more slowly than a completed closing handshake.
 */
export function closeAllowanceMs(engine: string, fault: Fault, failed: boolean): number {
  const own = slowerEngines[engine];
  if (fault.kind === 'handshake-fail') return own?.handshake ?? HANDSHAKE_FAILURE_ALLOWANCE_MS;
  if (fault.kind === 'page-gone') return own?.teardown ?? TEARDOWN_ALLOWANCE_MS;
  if (fault.kind === 'client-close' && !failed && own?.pageClose) return own.pageClose;
  return (failed ? own?.failedConnection : undefined) ?? LOOPBACK_JITTER_MS;
}

/**
 * A connection the kernel gives up on (scenarios/tcp-give-up), beyond the timer wheel's own lateness, which the
 * model bounds: the send reaching the kernel through the browser's network process, the ETIMEDOUT reaching the
 * page's handler, and the softirq that runs the timer, on a machine whose other tests overlap these windows.
 */
export const GIVE_UP_ALLOWANCE_MS = 250;

/**
 * nginx and HAProxy read their clock once per turn of their event loop and arm timers from that reading, so a timer
 * may count from a moment a little before the byte that armed it, and fire that much sooner.
 */
const PROXY_CACHED_CLOCK_MS = 5;

/** Where a close must fall, ms after its fault, allowances included: at or after `earliestMs` (if set), by `latestMs`. */
export interface CloseSpan {
  earliestMs: number | null;
  latestMs: number;
}

/**
 * The span a server process's or a proxy's mechanism (scenarios/mechanisms: serverSideCloseMs) allows a close in
 * this engine, widened by the named allowances; `failed` as for closeAllowanceMs. null where it fixes no time, and
 * for every other kind of fault.
 */
export function closeSpanMs(fault: Fault, engine: string, failed: boolean): CloseSpan | null {
  if (fault.kind !== 'server-process' && fault.kind !== 'proxy') return null;
  const time = serverSideCloseMs(fault);
  if (!time) return null;
  return {
    earliestMs: time.earliestMs === null ? null : time.earliestMs - PROXY_CACHED_CLOCK_MS,
    latestMs: time.latestMs + closeAllowanceMs(engine, fault, failed),
  };
}

/**
 * A heartbeat's detection beyond its model (timeoutMs to intervalMs + timeoutMs after the fault): the lateness of
 * the two timers behind it (the ping's and its deadline's) on a machine whose other tests overlap these windows.
 */
export const HEARTBEAT_ALLOWANCE_MS = 250;

/**
 * How long before the fault a heartbeat's ping may have left and still be caught by it, unanswered: a server process
 * stopped before its event loop read the ping, a cut before the browser's network stack wrote it or before the pong
 * came back. A loaded machine delays each of those steps by tens of ms (CI: a Chromium page gave up 1489.9 ± 5.6 ms
 * after a SIGSTOP, against a 1.5 s timeout, on a ping sent about 10 ms before it).
 */
export const UNANSWERED_IN_FLIGHT_MS = 100;

/**
 * A reconnect loop's first echo beyond its model (its retry timer after the trigger, or after the network came
 * back): the timer's lateness, an attempt that fails as the network returns, then an opening handshake and one echo
 * over loopback, on a machine whose other tests overlap these windows.
 */
export const RECONNECT_ALLOWANCE_MS = 250;
