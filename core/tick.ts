/**
 * The kernel's tick (one jiffy), measured: TCP's retransmission timers are counted in jiffies and the timer wheel
 * rounds them up by a number of ticks, so how late a kernel timer may fire depends on CONFIG_HZ, which no sysctl
 * states. /proc/timer_list (root only) shows the jiffies counter; two readings a second apart on Node's clock give
 * the rate, snapped to the nearest HZ Linux offers.
 *
 * The file is long (a list per CPU): on a loaded machine one read took 70 ms, and a reading stamped with the file's
 * own `now at` line once came out as HZ=300 on a 250 Hz kernel. So each reading is bracketed by Node's clock and the
 * tightest of a few is kept: its error is half its bracket, a few percent of the span at most.
 */
import { readSystemFile } from './proc';

const HZ_CHOICES = [100, 250, 300, 1000];
const SPAN_MS = 1_000;
const READS = 3;

let measured: Promise<number> | undefined;

/**
 * The jiffies counter and when it was read: Node's clock at the middle of the tightest of a few reads. null off Linux
 * or without root.
 */
function reading(): { at: number; jiffies: number } | null {
  let best: { at: number; width: number; jiffies: number } | null = null;
  for (let i = 0; i < READS; i++) {
    const before = performance.now();
    const jiffies = readSystemFile('/proc/timer_list')?.match(/^jiffies: (\d+)$/m)?.[1];
    const after = performance.now();
    if (jiffies === undefined) return null;
    if (!best || after - before < best.width) best = { at: (before + after) / 2, width: after - before, jiffies: Number(jiffies) };
  }
  return best;
}

/** One kernel tick in ms (4 at HZ=250), measured once per process; rejects where /proc/timer_list cannot be read. */
export function kernelTickMs(): Promise<number> {
  measured ??= (async () => {
    const first = reading();
    await new Promise(resolve => setTimeout(resolve, SPAN_MS));
    const second = reading();
    if (!first || !second) throw new Error('Cannot read /proc/timer_list: measuring the kernel tick needs Linux and root.');
    const hz = ((second.jiffies - first.jiffies) * 1000) / (second.at - first.at);
    const nearest = HZ_CHOICES.reduce((a, b) => (Math.abs(b - hz) < Math.abs(a - hz) ? b : a));
    return 1000 / nearest;
  })();
  return measured;
}
