import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { distinctRecords } from '../findings/observe';
import { Finding } from '../findings/schema';
import { ms, msRange } from './cells';
import { renderMarkdown } from './markdown';
import { cell, code, list, paragraph, section, table, type ListItem, type Page } from './page-model';

interface Repeats {
  scenario: string;
  project: string;
  statuses: string[];
  /** Each repeat's distinct outcomes, joined. */
  outcomes: string[];
  medians: (number | null)[];
}

const isStable = (r: Repeats) => r.statuses.every(s => s === 'passed' || s === 'skipped') && new Set(r.outcomes).size <= 1;

function spread(medians: readonly (number | null)[]): string {
  // A test that attaches no finding (calibration, a skip) has no time to show.
  if (!medians.length) return '–';
  const xs = medians.filter((x): x is number => x !== null);
  const closed = `${xs.length}/${medians.length} repeats closed`;
  if (!xs.length) return `no close (${closed})`;
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  return `${lo === hi ? ms(lo) : msRange(lo, hi)} (${closed})`;
}

function row(r: Repeats) {
  const passed = `${r.statuses.filter(s => s === 'passed').length}/${r.statuses.length}${r.statuses.includes('skipped') ? ' (skipped)' : ''}`;
  return [cell([code(r.scenario)]), r.project, passed, r.outcomes.length ? String(new Set(r.outcomes).size) : '–', spread(r.medians)];
}

const unstableItem = (r: Repeats): ListItem => ({
  text: [code(r.scenario), ` ${r.project}: ${r.statuses.join(', ')}`],
  items: [...new Set(r.outcomes)].map(o => [o]),
});

/** The stability page: how many pairs were stable, the per-pair table, and each unstable pair's outcomes. */
function stabilityPage(rows: readonly Repeats[]): Page {
  const unstable = rows.filter(r => !isStable(r));
  return {
    title: `Stability: ${rows[0]?.statuses.length ?? 0} repeats of the matrix`,
    intro: [
      paragraph(`${rows.length - unstable.length} of ${rows.length} scenario × engine pairs were stable (every repeat passed, same outcome every time).`),
      table(['scenario', 'project', 'passed', 'distinct outcomes', 'median time to close, across repeats'], rows.map(row)),
    ],
    sections: unstable.length ? [section('Unstable', [list(unstable.map(unstableItem))])] : [],
  };
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
      r.outcomes.push(distinctRecords(finding.trials).join(' | '));
      r.medians.push(finding.summary.msToClose?.median ?? null);
    }
    this.repeats.set(key, r);
  }

  onEnd(): void {
    const rows = [...this.repeats.values()].sort((a, b) => a.scenario.localeCompare(b.scenario) || a.project.localeCompare(b.project));
    const dir = path.join(__dirname, '..', 'reports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'stability.md'), renderMarkdown(stabilityPage(rows)));
    console.log(`[stability] ${rows.filter(isStable).length}/${rows.length} stable → reports/stability.md`);
  }
}
