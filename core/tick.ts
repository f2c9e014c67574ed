/**
 * The kernel's tick (one jiffy), measured: TCP's retransmission timers are counted in jiffies and the timer wheel
 * rounds them up by a number of ticks, so how late a kernel timer may fire depends on CONFIG_HZ, which no sysctl
 * states. /proc/timer_list (root only) gives the monotonic time and the jiffies counter; two readings apart give
 * their ratio, snapped to the nearest HZ Linux offers.
 */
import { readSystemFile } from './proc';

const HZ_CHOICES = [100, 250, 300, 1000];
// Over 300 ms, even HZ=100 counts 30 ticks: a reading off by one tick cannot be taken for another choice.
const SPAN_MS = 300;

let measured: Promise<number> | undefined;

function reading(): { ns: number; jiffies: number } | null {
  const text = readSystemFile('/proc/timer_list');
  const ns = text?.match(/^now at (\d+) nsecs$/m)?.[1];
  const jiffies = text?.match(/^jiffies: (\d+)$/m)?.[1];
  return ns && jiffies ? { ns: Number(ns), jiffies: Number(jiffies) } : null;
}

/** One kernel tick in ms (4 at HZ=250), measured once per process; rejects where /proc/timer_list cannot be read. */
export function kernelTickMs(): Promise<number> {
  measured ??= (async () => {
    const first = reading();
    await new Promise(resolve => setTimeout(resolve, SPAN_MS));
    const second = reading();
    if (!first || !second) throw new Error('Cannot read /proc/timer_list: measuring the kernel tick needs Linux and root.');
    const hz = ((second.jiffies - first.jiffies) * 1e9) / (second.ns - first.ns);
    const nearest = HZ_CHOICES.reduce((a, b) => (Math.abs(b - hz) < Math.abs(a - hz) ? b : a));
    return 1000 / nearest;
  })();
  return measured;
}
