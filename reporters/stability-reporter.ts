import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { distinctRecords } from '../findings/observe';
import { Finding } from '../findings/schema';

interface Repeats {
  scenario: string;
  project: string;
  statuses: string[];
  /** Each repeat's distinct outcomes, joined. */
  outcomes: string[];
  medians: (number | null)[];
}

/**
 * `npm run stability`: the matrix repeated N times. Per scenario × engine: did every repeat pass (timings within
 * their stated bounds, outcomes among those recorded), and was the outcome the same every time?
 */
export default class StabilityReporter implements Reporter {
  private readonly repeats = new Map<string, Repeats>();

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project()?.name ?? '?';
    const body = result.attachments.find(a => a.name === 'finding')?.body;
    const finding = body ? Finding.parse(JSON.parse(body.toString('utf8'))) : null;
    const key = `${test.title}|${project}`;
    const r = this.repeats.get(key) ?? { scenario: test.title, project, statuses: [], outcomes: [], medians: [] };
    r.statuses.push(result.status);
    if (finding) {
      r.outcomes.push(distinctRecords(finding.samples).join(' | '));
      r.medians.push(finding.observed.msToClose?.median ?? null);
    }
    this.repeats.set(key, r);
  }

  onEnd(): void {
    const rows = [...this.repeats.values()].sort((a, b) => a.scenario.localeCompare(b.scenario) || a.project.localeCompare(b.project));
    const unstable = rows.filter(r => r.statuses.some(s => s !== 'passed' && s !== 'skipped') || new Set(r.outcomes).size > 1);
    const spread = (ms: (number | null)[]) => {
      const xs = ms.filter((x): x is number => x !== null);
      return xs.length ? `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))} ms` : 'no close';
    };
    const table = [
      `# Stability: ${rows[0]?.statuses.length ?? 0} repeats of the matrix`,
      '',
      `${rows.length - unstable.length} of ${rows.length} scenario × engine pairs were stable (every repeat passed, same outcome every time).`,
      '',
      '| scenario | project | passed | distinct outcomes | median ms to close, across repeats |',
      '|---|---|---|---|---|',
      ...rows.map(r => `| \`${r.scenario}\` | ${r.project} | ${r.statuses.filter(s => s === 'passed').length}/${r.statuses.length}${r.statuses.includes('skipped') ? ' (skipped)' : ''} | ${new Set(r.outcomes).size} | ${spread(r.medians)} |`),
      '',
      ...(unstable.length ? ['## Unstable', '', ...unstable.map(r => `- \`${r.scenario}\` ${r.project}: ${r.statuses.join(', ')}\n${[...new Set(r.outcomes)].map(o => `  - ${o}`).join('\n')}`), ''] : []),
    ].join('\n');
    const dir = path.join(__dirname, '..', 'reports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'stability.md'), table);
    console.log(`[stability] ${rows.length - unstable.length}/${rows.length} stable → reports/stability.md`);
  }
}
