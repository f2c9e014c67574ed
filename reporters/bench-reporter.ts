import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const HarnessTiming = z.object({ windowMs: z.number(), watchedMs: z.number() });

// Targets from the lab's brief: wall time close to the longest window, and a small per-test harness cost.
const WALL_TARGET_RATIO = 1.3;
const OVERHEAD_TARGET_MS: Record<string, number> = { chromium: 150, firefox: 500, webkit: 500 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Machine-wide CPU time spent busy (not idle or waiting for I/O) since boot, in seconds, from /proc/stat; null elsewhere. */
function busyCpuSeconds(): number | null {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * `npm run bench`: how long the matrix took against what it had to wait, and what the harness costs per test
 * (test duration minus the time spent watching the scenario), per engine.
 */
export default class BenchReporter implements Reporter {
  private readonly timings: { project: string; windowMs: number; overheadMs: number }[] = [];
  private readonly busyAtBegin = busyCpuSeconds();


  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find(a => a.name === 'harness-timing');
    if (!attachment?.body) return;
    const t = HarnessTiming.parse(JSON.parse(attachment.body.toString('utf8')));
    this.timings.push({ project: test.parent.project()?.name ?? '?', windowMs: t.windowMs, overheadMs: result.duration - t.watchedMs });
  }

  onEnd(result: FullResult): void {
    if (!this.timings.length) return void console.log('[bench] no scenario ran');
    const windows = this.timings.map(t => t.windowMs);
    const sum = windows.reduce((a, b) => a + b, 0);
    const longest = Math.max(...windows);
    const lines = [
      `[bench] wall time of the matrix:        ${sec(result.duration)}`,
      `[bench] sum of all scenario windows:     ${sec(sum)} (a sequential suite's wait)`,
      `[bench] sum of windows / wall time:      ${(sum / result.duration).toFixed(2)}×`,
      `[bench] longest single window:           ${sec(longest)}; wall / longest = ${(result.duration / longest).toFixed(2)} (target ≤ ${WALL_TARGET_RATIO})`,
    ];
    const busyAtEnd = busyCpuSeconds();
    if (this.busyAtBegin !== null && busyAtEnd !== null) {
      // When the run kept every core busy, waiting was not what bounded it: more overlap cannot help, only less
      // CPU per test or more machines (shards).
      const busy = busyAtEnd - this.busyAtBegin;
      const cores = availableParallelism();
      lines.push(
        `[bench] CPU busy (whole machine):        ${busy.toFixed(0)} s of ${((cores * result.duration) / 1000).toFixed(0)} s on ${cores} cores (${((100 * busy * 1000) / (cores * result.duration)).toFixed(0)}%); ` +
          `a run bound by CPU alone takes ≥ ${(busy / cores).toFixed(0)} s here`,
      );
    }
    for (const project of [...new Set(this.timings.map(t => t.project))].sort()) {
      const overhead = this.timings.filter(t => t.project === project).map(t => t.overheadMs);
      const target = OVERHEAD_TARGET_MS[project];
      lines.push(
        `[bench] harness overhead per scenario, ${project.padEnd(8)}: median ${Math.round(median(overhead))} ms, max ${Math.round(Math.max(...overhead))} ms over ${overhead.length} tests` +
          (target ? ` (target ≤ ${target} ms median)` : ''),
      );
    }
    console.log(lines.join('\n'));
  }
}
