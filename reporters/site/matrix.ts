import type { Finding } from '../../findings/schema';
import { closeCell, projectsOf } from '../cells';
import { inline } from '../html';
import { escapeHtml } from '../escape-html';
import { skippedCell, type Cell } from '../page-model';
import { chartGroup } from './chart-svg';
import { detailId, detailPanel, matrixId } from './detail';
import type { SiteRun } from './runs';

/**
 * A run's scenario × project matrix: each cell the findings page's close cell (./cells closeCell: the same text and
 * the same outcome class, so the same colour), linked to its detail panel; rows grouped by kind of fault.
 */

function td(c: Cell, href?: string): string {
  const text = inline(c.text);
  return `<td class="${c.outcome ?? ''}">${href ? `<a class="cell" href="${href}">${text}</a>` : text}</td>`;
}

function rowsOf(run: SiteRun, findings: readonly Finding[], projects: readonly string[]): string[] {
  const scenarios = [...new Set(findings.map(f => f.scenario))];
  let group = '';
  return scenarios.flatMap(s => {
    const row = findings.filter(f => f.scenario === s);
    const rowGroup = chartGroup(row[0]);
    const heading = rowGroup === group ? [] : [`<tr class="group"><th colspan="${projects.length + 1}">${escapeHtml(rowGroup)}</th></tr>`];
    group = rowGroup;
    const cells = projects.map(p => {
      const f = row.find(x => x.project === p);
      return f ? td(closeCell(f), `#${detailId(run.profile, f)}`) : td(skippedCell());
    });
    return [...heading, `<tr><th scope="row"><code>${escapeHtml(s)}</code></th>${cells.join('')}</tr>`];
  });
}

/** The matrix of a run that has findings, then its cells' panels (hidden until a cell's link targets one). */
export function matrixHtml(run: SiteRun & { file: NonNullable<SiteRun['file']> }): string {
  // Grouped by kind of fault, each group in the findings' own order.
  const findings = [...run.file.findings].sort((a, b) => chartGroup(a).localeCompare(chartGroup(b)));
  const projects = projectsOf(findings);
  return [
    `<table class="matrix" id="${matrixId(run.profile)}">`,
    `<thead><tr><th>scenario</th>${projects.map(p => `<th>${escapeHtml(p)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rowsOf(run, findings, projects),
    '</tbody></table>',
    ...findings.map(f => detailPanel(run, f)),
  ].join('\n');
}
