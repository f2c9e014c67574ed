import { readSystemFile } from '../core/proc';
import type { ProxyFault, ServerProcessFault } from './schema';

/**
 * Upper bounds that follow from the mechanisms that can end a connection, computed from the kernel's own
 * settings rather than from any run.
 */

// Linux's retransmission timer on loopback starts at TCP_RTO_MIN and doubles up to TCP_RTO_MAX (include/net/tcp.h).
const TCP_RTO_MIN_MS = 200;
export const TCP_RTO_MAX_MS = 120_000;

let retries2: number | undefined;

/**
 * tcp_retries2 of the network namespace this process runs in, read on first use (so this module loads off Linux,
 * e.g. for the reporter). It is the one that governs the root-namespace cuts, whose browser and server both live
 * there; a lab namespace (link-down) starts with the kernel's default, 15, whatever this one says. Throws if the
 * setting cannot be read (not Linux).
 */
export function tcpRetries2(): number {
  if (retries2 !== undefined) return retries2;
  const text = readSystemFile('/proc/sys/net/ipv4/tcp_retries2');
  if (text === null || !/^\d+$/.test(text)) throw new Error(`Cannot read /proc/sys/net/ipv4/tcp_retries2 (got ${text}): TCP timing bounds need Linux.`);
  retries2 = Number(text);
  return retries2;
}

/**
 * The mark at which Linux gives up on unacknowledged data with ETIMEDOUT: `tcp_model_timeout()` in
 * net/ipv4/tcp_timer.c — doubling from TCP_RTO_MIN while below TCP_RTO_MAX, then TCP_RTO_MAX per retry.
 * With tcp_retries2=15 that is 924.6 s. It is counted from the first retransmission timeout (after a tail loss
 * probe: two RTOs after the send), and checked only when the retransmission timer fires, so the connection dies
 * at the first expiry past it: up to one RTO (at most TCP_RTO_MAX) later. ./tcp-give-up predicts the expiry.
 */
export function tcpGiveUpMs(retries2 = tcpRetries2()): number {
  const threshold = Math.floor(Math.log2(TCP_RTO_MAX_MS / TCP_RTO_MIN_MS));
  if (retries2 <= threshold) return ((2 << retries2) - 1) * TCP_RTO_MIN_MS;
  return ((2 << threshold) - 1) * TCP_RTO_MIN_MS + (retries2 - threshold) * TCP_RTO_MAX_MS;
}

/**
 * nginx re-keys a timer only when its new expiry moves by at least NGX_TIMER_LAZY_DELAY (src/event/ngx_event_timer.h):
 * traffic within 300 ms of the byte that armed its idle timer leaves the timer counting from that byte.
 */
export const NGINX_TIMER_LAZY_MS = 300;

/** When a mechanism says a socket closes, ms after the fault: no sooner than `earliestMs` (null: no floor), no later than `latestMs`. */
export interface MechanismTime {
  earliestMs: number | null;
  latestMs: number;
}

/**
 * When a server process's or a proxy's mechanism ends the page's socket, before any allowance: at once for a kill,
 * a termination or a restart's kill (a close frame, FIN or RST over loopback); at the idle timeout, counted from the
 * last byte through the proxy (nginx's up to its lazy delay sooner); at a reload's deadline, counted from the old
 * process's word that it is stopping (server/proxy: reload). null where the
 * mechanism fixes no time: a freeze, a kept-alive tunnel, a reload without a deadline, a dead path behind the proxy.
 */
export function serverSideCloseMs(fault: ServerProcessFault | ProxyFault): MechanismTime | null {
  if (fault.kind === 'server-process') return fault.act === 'freeze' ? null : { earliestMs: null, latestMs: 0 };
  switch (fault.act) {
    case 'idle-timeout':
      return { earliestMs: fault.idleTimeoutMs - (fault.proxy === 'nginx' ? NGINX_TIMER_LAZY_MS : 0), latestMs: fault.idleTimeoutMs };
    case 'reload':
      return fault.shutdownTimeoutMs === null ? null : { earliestMs: fault.shutdownTimeoutMs, latestMs: fault.shutdownTimeoutMs };
    case 'proxy-kill':
    case 'upstream-kill':
      return { earliestMs: null, latestMs: 0 };
    default:
      return null;
  }
}
