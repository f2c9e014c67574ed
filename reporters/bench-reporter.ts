import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { cpuWatch } from '../core/cpu';
import { median } from '../core/stats';
import { Finding, type TrialObservation } from '../findings/schema';

const HarnessTiming = z.object({ windowMs: z.number(), watchedMs: z.number() });

// Targets from the lab's brief: wall time close to the longest window, and a small per-test harness cost.
const WALL_TARGET_RATIO = 1.3;
const OVERHEAD_TARGET_MS: Record<string, number> = { chromium: 150, firefox: 500, webkit: 500 };

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const tenths = (ms: number) => ms.toFixed(1);

const attachment = (result: TestResult, name: string) => result.attachments.find(a => a.name === name)?.body?.toString('utf8');

/**
 * `npm run bench`: how long the matrix took against what it had to wait, what the harness costs per test (test
 * duration minus the time spent watching the scenario), and how precisely it timed, per engine.
 */
export default class BenchReporter implements Reporter {
  private readonly timings: { project: string; windowMs: number; overheadMs: number }[] = [];
  /** Per project, the quiet trials that closed: their times carry the uncertainty the lab publishes. */
  private readonly timed = new Map<string, TrialObservation[]>();
  private readonly cpu = cpuWatch();

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project()?.name ?? '?';
    const timing = attachment(result, 'harness-timing');
    if (timing) {
      const t = HarnessTiming.parse(JSON.parse(timing));
      this.timings.push({ project, windowMs: t.windowMs, overheadMs: result.duration - t.watchedMs });
    }
    const finding = attachment(result, 'finding');
    if (!finding) return;
    const quietClosed = Finding.parse(JSON.parse(finding)).trials.filter(t => t.quiet && t.toClose);
    this.timed.set(project, [...(this.timed.get(project) ?? []), ...quietClosed]);
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
      ...this.cpuLine(result.duration),
    ];
    for (const project of [...new Set(this.timings.map(t => t.project))].sort()) lines.push(...this.projectLines(project));
    console.log(lines.join('\n'));
  }

  /** When the run kept every core busy, waiting was not what bounded it: more overlap cannot help, only less CPU per test or more machines (shards). */
  private cpuLine(wallMs: number): string[] {
    const share = this.cpu.busy();
    if (share === null) return [];
    const cores = availableParallelism();
    const busySeconds = (share * cores * wallMs) / 1000;
    return [
      `[bench] CPU busy (whole machine):        ${busySeconds.toFixed(0)} s of ${((cores * wallMs) / 1000).toFixed(0)} s on ${cores} cores (${Math.round(share * 100)}%); ` +
        `a run bound by CPU alone takes ≥ ${(busySeconds / cores).toFixed(0)} s here`,
    ];
  }

  private projectLines(project: string): string[] {
    const overhead = this.timings.filter(t => t.project === project).map(t => t.overheadMs);
    const target = OVERHEAD_TARGET_MS[project];
    const lines = [
      `[bench] harness overhead per scenario, ${project.padEnd(8)}: median ${Math.round(median(overhead))} ms, max ${Math.round(Math.max(...overhead))} ms over ${overhead.length} tests` +
        (target ? ` (target ≤ ${target} ms median)` : ''),
    ];
    const trials = this.timed.get(project) ?? [];
    if (!trials.length) return [...lines, `[bench] timing uncertainty, ${project.padEnd(8)}: no quiet trial closed`];
    const uncertainty = trials.map(t => t.toClose!.uncertaintyMs);
    return [
      ...lines,
      `[bench] timing uncertainty, ${project.padEnd(8)}: median ±${tenths(median(uncertainty))} ms, max ±${tenths(Math.max(...uncertainty))} ms over ${trials.length} closed quiet trials; ` +
        `page lag median ${tenths(median(trials.map(t => t.pageLagMs)))} ms, sync error median ${tenths(median(trials.map(t => t.syncErrorMs)))} ms`,
    ];
  }
}
