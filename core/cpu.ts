import { availableParallelism } from 'node:os';
import { readSystemFile } from './proc';

/** Machine-wide CPU time spent busy (not idle or waiting for I/O) since boot, in seconds, from /proc/stat; null elsewhere. */
function cpuBusySeconds(): number | null {
  const line = readSystemFile('/proc/stat')?.split('\n')[0];
  if (!line?.startsWith('cpu ')) return null;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ is 100 on Linux
}

/** Watches the machine's CPU use from now: `busy()` is the share of all cores' time spent busy since (null off Linux). */
export function cpuWatch(): { busy(): number | null } {
  const start = { at: performance.now(), busy: cpuBusySeconds() };
  return {
    busy() {
      const now = cpuBusySeconds();
      if (now === null || start.busy === null) return null;
      const wallSeconds = (performance.now() - start.at) / 1000;
      return wallSeconds > 0 ? Math.min(1, (now - start.busy) / (wallSeconds * availableParallelism())) : null;
    },
  };
}
