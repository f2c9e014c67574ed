import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { FullConfig, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { z } from 'zod';
import { cpuWatch } from '../core/cpu';
import { describeEnvironment } from '../findings/environment';
import { recordExpectations, recording } from '../findings/expectations';
import { summarize } from '../findings/observe';
import { Calibration, Finding, FindingsFile } from '../findings/schema';
import { readProfile } from '../scenarios/profile';
import { findingsPage } from './findings-page';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { writeSite } from './site/write';

// WSLAB_REPORTS_DIR writes elsewhere (a merge in CI, the shard-merge lab test) and leaves the committed reports/ alone.
const reportsDir = process.env.WSLAB_REPORTS_DIR ? path.resolve(process.env.WSLAB_REPORTS_DIR) : path.join(__dirname, '..', 'reports');

/**
 * Collects the `finding` attachment of every test and writes the findings matrix: JSON (with its JSON Schema),
 * Markdown and HTML, and the findings site (index.html, ./site). Works the same on a merged blob report, so
 * sharded runs yield one matrix.
 */
export default class FindingsReporter implements Reporter {
  private readonly findings: Finding[] = [];
  private readonly calibration: Calibration[] = [];
  private readonly announced = new Set<string>();
  private readonly profile = readProfile();
  private readonly cpu = cpuWatch();

  onBegin(config: FullConfig): void {
    for (const project of config.projects) {
      const browser = (project.metadata as { browser?: { missing?: string; executable?: string; driver?: string } }).browser;
      if (browser?.missing) console.log(`[${project.name}] skipped: ${browser.missing}`);
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    for (const attachment of result.attachments) {
      if (attachment.name === 'calibration' && attachment.body) this.calibration.push(Calibration.parse(JSON.parse(attachment.body.toString('utf8'))));
      if (attachment.name !== 'finding' || !attachment.body) continue;
      const parsed = Finding.safeParse(JSON.parse(attachment.body.toString('utf8')));
      if (!parsed.success) {
        console.error(`[findings] ${test.title}: malformed finding:\n${z.prettifyError(parsed.error)}`);
        continue;
      }
      const f = parsed.data;
      if (!this.announced.has(f.project)) {
        this.announced.add(f.project);
        console.log(`[${f.project}] engine=${f.engine} driver=${f.driver} source=${f.source} version=${f.browserVersion} executable=${f.executable}`);
      }
      this.add(f);
    }
  }

  /** Repeated tests (`--repeat-each`, retries, shards) of one scenario × project pool their trials into one finding. */
  private add(f: Finding): void {
    const same = this.findings.findIndex(x => x.scenario === f.scenario && x.project === f.project);
    if (same < 0) return void this.findings.push(f);
    const trials = [...this.findings[same].trials, ...f.trials];
    this.findings[same] = { ...f, trials, summary: summarize(trials, f.summary.trend !== null) };
  }

  onEnd(): void {
    // A run that measured nothing (harness tests only, or all skipped) leaves the last matrix as it was.
    if (!this.findings.length) return void console.log('[findings] no scenario ran: reports/ left unchanged');
    const dir = this.profile === 'quick' ? reportsDir : path.join(reportsDir, this.profile);
    // A run of some scenarios (`-g …`) updates their rows; the others stay as an earlier run measured them, each
    // with its own browser version.
    const earlier = readEarlier(path.join(dir, 'findings.json'));
    const ran = new Set(this.findings.map(f => `${f.scenario}|${f.project}`));
    const calibrated = new Set(this.calibration.map(c => c.project));
    const file: FindingsFile = FindingsFile.parse({
      schemaVersion: 2,
      generatedAt: new Date().toISOString(),
      environment: describeEnvironment(this.profile),
      load: { cores: availableParallelism(), cpuBusy: this.cpu.busy() },
      calibration: [...this.calibration, ...(earlier?.calibration.filter(c => !calibrated.has(c.project)) ?? [])].sort((a, b) => a.project.localeCompare(b.project)),
      findings: [...this.findings, ...(earlier?.findings.filter(f => !ran.has(`${f.scenario}|${f.project}`)) ?? [])].sort(
        (a, b) => a.scenario.localeCompare(b.scenario) || a.project.localeCompare(b.project),
      ),
    });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'findings.json'), JSON.stringify(file, null, 2) + '\n');
    writeFileSync(path.join(reportsDir, 'findings.schema.json'), JSON.stringify(z.toJSONSchema(FindingsFile), null, 2) + '\n');
    const page = findingsPage(file);
    writeFileSync(path.join(dir, 'findings.md'), renderMarkdown(page));
    writeFileSync(path.join(dir, 'findings.html'), renderHtml(page));
    console.log(`[findings] ${file.findings.length} findings → ${path.relative(process.cwd(), dir)}/findings.{json,md,html}`);
    // The site draws from both profiles' findings.json, so either profile's run redraws it.
    const site = writeSite(reportsDir);
    console.log(`[findings] site → ${path.relative(process.cwd(), site.file)}${site.notes.map(n => `\n[findings]   ${n}`).join('')}`);
    if (recording) for (const line of recordExpectations(this.findings)) console.log(`[findings] ${line}`);
  }
}

/** The findings file an earlier run of this profile wrote, if it is of this schema; null otherwise (an older file is replaced). */
function readEarlier(file: string): FindingsFile | null {
  if (!existsSync(file)) return null;
  const parsed = FindingsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}
