import { block, legend } from '../html';
import { escapeHtml } from '../escape-html';
import { intro } from '../page-header';
import { logCharts } from './chart-svg';
import { matrixHtml } from './matrix';
import { questionBlocks } from './questions';
import { combined, type SiteRun } from './runs';
import { siteStyle } from './style';

/**
 * The findings site (reports/index.html) as one self-contained document: the three questions over both runs, then
 * per run its matrix with every cell's detail, and its times to close on a log axis. No script, no network: it
 * opens from disk.
 */

const runTitle = (run: SiteRun) => (run.profile === 'quick' ? 'Quick profile (windows of seconds)' : 'Full profile (windows of minutes: the kernel\'s TCP timeouts)');

/** A run's note as HTML: the command in it (between backticks) as code. */
const noteHtml = (run: SiteRun) => escapeHtml(run.note ?? '').replace(/`([^`]+)`/g, '<code>$1</code>');

/** One line per run: what it is, or why it is not shown. */
function runsNote(runs: readonly SiteRun[]): string {
  return runs
    .map(r =>
      r.file
        ? `<p><strong>${escapeHtml(r.profile)}</strong>: <a href="${escapeHtml(r.source)}">${escapeHtml(r.source)}</a>, measured ${escapeHtml(r.file.generatedAt)}, ${r.file.findings.length} findings.</p>`
        : `<p class="note run-note" data-profile="${escapeHtml(r.profile)}"><strong>${escapeHtml(r.profile)}</strong>: ${noteHtml(r)}</p>`,
    )
    .join('\n');
}

function runSection(run: SiteRun): string {
  const id = `run-${run.profile}`;
  if (!run.file) return `<h2 id="${id}">${escapeHtml(runTitle(run))}</h2>\n<p class="note">${noteHtml(run)}</p>`;
  const file = run.file;
  const page = run.source.replace(/json$/, 'md');
  return [
    `<h2 id="${id}">${escapeHtml(runTitle(run))}</h2>`,
    `<details class="how"><summary>Where and how this run was measured</summary>${intro(file).flatMap(block).join('\n')}</details>`,
    `<p>Every scenario × project. Click a cell for its trials, its event timeline, what ends the connection and recorded vs observed. The same cells, with every record, are in <a href="${escapeHtml(page)}">${escapeHtml(page)}</a>.</p>`,
    legend,
    matrixHtml({ ...run, file }),
    `<h3 id="charts-${run.profile}">Time to close, per fault × engine (log axis)</h3>`,
    logCharts(file.findings),
  ].join('\n');
}

function nav(runs: readonly SiteRun[]): string {
  const links = [
    '<a href="#questions">The three questions</a>',
    ...runs.flatMap(r => (r.file ? [`<a href="#run-${r.profile}">${r.profile}: matrix</a>`, `<a href="#charts-${r.profile}">${r.profile}: times</a>`] : [])),
  ];
  return `<nav>${links.join('')}</nav>`;
}

/** The site's HTML from the runs (quick first); a run without findings is a visible note, never an error. */
export function renderSite(runs: readonly SiteRun[]): string {
  const title = 'WebSocket failure findings';
  const body = [
    `<h1>${title}</h1>`,
    '<p>What Chromium, Firefox and WebKit do to an open WebSocket when the network or the server fails, measured by <code>wslab</code>.</p>',
    runsNote(runs),
    nav(runs),
    '<h2 id="questions">The three questions, per engine</h2>',
    `<div class="questions">${questionBlocks(combined(runs)).flatMap(block).join('\n')}</div>`,
    ...runs.map(runSection),
  ];
  return ['<!doctype html>', '<html lang="en"><head><meta charset="utf-8">', `<title>${title}</title>`, `<style>\n${siteStyle}\n</style>`, '</head><body>', ...body, '</body></html>', ''].join('\n');
}
