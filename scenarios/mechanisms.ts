import { readFileSync } from 'node:fs';

/**
 * Upper bounds that follow from the mechanisms that can end a connection, computed from the kernel's own
 * settings rather than from any run.
 */

// Linux's retransmission timer on loopback starts at TCP_RTO_MIN and doubles up to TCP_RTO_MAX (include/net/tcp.h).
const TCP_RTO_MIN_MS = 200;
export const TCP_RTO_MAX_MS = 120_000;

/** The namespace's tcp_retries2, read once. */
export const tcpRetries2 = Number(readFileSync('/proc/sys/net/ipv4/tcp_retries2', 'utf8'));

/**
 * How long Linux retransmits unacknowledged data before giving up with ETIMEDOUT: `tcp_model_timeout()` in
 * net/ipv4/tcp_timer.c — doubling from TCP_RTO_MIN while below TCP_RTO_MAX, then TCP_RTO_MAX per retry.
 * With tcp_retries2=15 that is 924.6 s. The kernel checks it only when the retransmission timer fires, so the
 * connection dies at the first expiry past this mark: up to TCP_RTO_MAX later.
 */
export function tcpGiveUpMs(retries2 = tcpRetries2): number {
  const threshold = Math.floor(Math.log2(TCP_RTO_MAX_MS / TCP_RTO_MIN_MS));
  if (retries2 <= threshold) return ((2 << retries2) - 1) * TCP_RTO_MIN_MS;
  return ((2 << threshold) - 1) * TCP_RTO_MIN_MS + (retries2 - threshold) * TCP_RTO_MAX_MS;
}
