import { TCP_RTO_MAX_MS, tcpGiveUpMs } from './mechanisms';

/**
 * When Linux gives up on one unacknowledged send into a dead path, from the kernel's own rules and the socket's
 * initial RTO as measured (net/ipv4/tcp_timer.c, tcp_output.c, kernel/time/timer.c):
 *
 * - One RTO after the send, a tail loss probe (PTO = min(2·srtt + TCP_RTO_MIN, RTO); on a veth srtt is
 *   microseconds, so the PTO is the RTO to within a tick).
 * - One RTO later, the first retransmission timeout; its time becomes `retrans_stamp`.
 * - Each later timeout doubles the RTO (capped at TCP_RTO_MAX) and first checks whether the time since
 *   `retrans_stamp` has reached tcpGiveUpMs(tcp_retries2) — a mark the kernel computes from TCP_RTO_MIN whatever the
 *   actual RTO. So the connection dies at a timer expiry, not at the mark, and the count starts one probe and one
 *   RTO after the send.
 *
 * Kernel timers never fire early, but the timer wheel fires them late: one armed d ticks ahead lands in level n
 * (63·8^(n−1) ≤ d < 63·8^n; level 0 below 63), whose buckets are 8^n ticks wide, and fires at the end of its
 * bucket — up to 8^n ticks late (at HZ=250: 4 ms for the 204 ms RTO, 32 ms for 408–1632 ms, 256 ms for 3.3 s).
 *
 * Checked with a capture on a lab veth (HZ=250, RTO 204 ms, tcp_retries2=3): probe at +208 ms, timeouts +208,
 * +420, +832, +1664 ms after it, give-up 3424 ms later: 6756 ms after the send, predicted 6528 ms + up to 360.
 */
export interface GiveUp {
  /** The earliest the kernel gives up, counted from the send: every timer on time. */
  predictedMs: number;
  /** How much later it may be: the timer wheel's rounding of every timer on the way, at most. */
  slackMs: number;
  /**
   * The expiry before the predicted one, fired as late as the wheel allows, could already reach the mark: then
   * timer slack decides which expiry gives up, and `slackMs` spans both.
   */
  slackDecides: boolean;
}

/** How late the timer wheel may fire a timer armed `ms` ahead, on a kernel ticking every `tickMs`. */
function wheelLateMs(ms: number, tickMs: number): number {
  const ticks = Math.round(ms / tickMs);
  let level = 0;
  while (ticks >= 63 * 8 ** level) level++;
  return 8 ** level * tickMs;
}

/** The model's give-up for one send into a dead path, at `retries2`, from the socket's RTO before the send. */
export function predictGiveUp(retries2: number, initialRtoMs: number, tickMs: number): GiveUp {
  const mark = tcpGiveUpMs(retries2);
  const late = (ms: number) => wheelLateMs(ms, tickMs);
  // The probe and the first timeout, after which the kernel starts counting.
  const stampMs = 2 * initialRtoMs;
  const stampSlack = 2 * late(initialRtoMs);
  let rto = initialRtoMs;
  // Since the stamp: nominal time, and how much later the wheel may have made it.
  let since = 0;
  let sinceSlack = 0;
  for (;;) {
    // The first timeout (since = 0) has retransmitted nothing yet, so it never gives up.
    const earlierMayGiveUp = since > 0 && since + sinceSlack >= mark;
    rto = Math.min(2 * rto, TCP_RTO_MAX_MS);
    since += rto;
    sinceSlack += late(rto);
    if (since < mark) continue;
    const latest = stampMs + since + stampSlack + sinceSlack;
    const predictedMs = earlierMayGiveUp ? stampMs + mark : stampMs + since;
    return { predictedMs, slackMs: latest - predictedMs, slackDecides: earlierMayGiveUp };
  }
}
