import type { Trial } from '../runner/trial';
import type { NetworkCut, TcpTimers } from '../scenarios/schema';
import { predictGiveUp } from '../scenarios/tcp-give-up';
import { timerSysctls } from '../scenarios/tcp-timers';
import type { Finding } from './schema';

/**
 * The conditions of a lowered-timer finding, stated next to its numbers: the browser namespace's settings, what the
 * kernel held for the trials' sockets at the fault, and what the give-up model (scenarios/tcp-give-up) predicts.
 */

type Conditions = Finding['conditions'];

const tenth = (x: number) => Math.round(x * 10) / 10;

/** One value, or the range the trials spanned (`204–208`). */
function span(xs: number[]): number | string {
  const lo = tenth(Math.min(...xs));
  const hi = tenth(Math.max(...xs));
  return lo === hi ? lo : `${lo}–${hi}`;
}

/** When each socket with SO_KEEPALIVE had its keepalive timer due, counted from its trial's fault (Node clock). */
function keepaliveDue(trials: Trial[]): number[] {
  return trials.flatMap(({ socket, fault }) => {
    if (!socket || socket.keepaliveInMs === null) return [];
    const faultAt = fault.clock === 'node' ? (fault.before + fault.after) / 2 : socket.at;
    return [socket.keepaliveInMs - (faultAt - socket.at)];
  });
}

/**
 * When the first keepalive probe of the trials' sockets was due (the earliest), and whose keepalive it is: the
 * namespace's sysctls' (due within tcp_keepalive_time), the browser's own (it set TCP_KEEPIDLE), or none.
 */
function keepalive(trials: Trial[], timers: TcpTimers, tickMs: number): Conditions {
  const due = keepaliveDue(trials);
  if (!due.length) return { keepaliveDueMs: 'off', keepalive: 'off (no SO_KEEPALIVE)' };
  const earliest = Math.min(...due);
  const kernels = timers.keepalive !== undefined && earliest <= timers.keepalive.timeS * 1000 + tickMs;
  return { keepaliveDueMs: tenth(earliest), keepalive: kernels ? "the namespace's sysctls" : "the browser's own" };
}

/** The earliest give-up the model allows over the trials' RTOs, and how much later it may come. */
function giveUp(retries2: number, rtos: number[], tickMs: number): Conditions {
  const predictions = rtos.map(rto => predictGiveUp(retries2, rto, tickMs));
  const earliest = Math.min(...predictions.map(p => p.predictedMs));
  const latest = Math.max(...predictions.map(p => p.predictedMs + p.slackMs));
  return {
    predictedGiveUpMs: tenth(earliest),
    giveUpSlackMs: tenth(latest - earliest),
    ...(predictions.some(p => p.slackDecides) ? { timerSlackDecides: 'yes' } : {}),
  };
}

/** The conditions of a cut with lowered `timers`, from its trials' sockets and the kernel's tick. */
export function timerConditions(fault: NetworkCut, timers: TcpTimers, trials: Trial[], tickMs: number): Conditions {
  const settings = Object.entries(timerSysctls(timers)).map(([name, value]) => [name.replace(/^net\.ipv4\./, ''), value]);
  const rtos = trials.flatMap(t => (t.socket ? [t.socket.rtoMs] : []));
  if (!rtos.length) return Object.fromEntries(settings);
  const sending = fault.traffic === 'single-send' || fault.traffic === 'periodic-send';
  return {
    ...Object.fromEntries(settings),
    kernelTickMs: tickMs,
    initialRtoMs: span(rtos),
    ...(sending && timers.tcpRetries2 !== undefined ? giveUp(timers.tcpRetries2, rtos, tickMs) : {}),
    ...(fault.traffic === 'idle' ? keepalive(trials, timers, tickMs) : {}),
  };
}
