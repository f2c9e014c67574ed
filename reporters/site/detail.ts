import type { Finding, TrialObservation } from '../../findings/schema';
import { closeCell, duration, endOf, ms } from '../cells';
import { block, inline } from '../html';
import { escapeHtml } from '../escape-html';
import { cell, code, paragraph, table, type Block } from '../page-model';
import { recordedBlocks } from './recorded';
import type { SiteRun } from './runs';
import { timelineSvg } from './timeline-svg';

/**
 * One matrix cell's detail: a panel the cell's link opens (CSS :target, no script), with the finding's trials and
 * their uncertainty, the event timeline, what ends the connection and the conditions, and recorded vs observed.
 */

/** The id of a finding's panel in the site; scenario ids keep `[a-z0-9-]` and `:` becomes `_`. */
export const detailId = (profile: string, f: Finding) => `d-${profile}-${f.scenario.replace(/:/g, '_')}-${f.project}`;

/** The id of a run's matrix, where a panel's close link returns to. */
export const matrixId = (profile: string) => `matrix-${profile}`;

function timeOf(t: TrialObservation): string {
  if (!t.toClose) return '–';
  return `${ms(t.toClose.ms)} ±${t.toClose.uncertaintyMs.toFixed(1)} ms (${t.toClose.clock} clock)`;
}

function deliveryOf(t: TrialObservation): string {
  const d = t.delivery;
  return d ? `${d.received}/${d.sent} delivered, ${d.receivedDuringCut} during the cut, ${d.duplicated} twice` : '–';
}

/** One row per trial: how it ended, its time ± uncertainty and on which clock, and how it was measured. */
function trialsTable(f: Finding): Block {
  const sends = f.trials.some(t => t.sends.length);
  const delivery = f.trials.some(t => t.delivery);
  return table(
    ['trial', 'ended', 'fault → close', 'page lag', 'sync error', 'quiet', ...(sends ? ['send() after the fault'] : []), 'server saw', ...(delivery ? ['delivery'] : [])],
    f.trials.map((t, i) => [
      String(i + 1),
      cell(endOf(t, f.windowMs)),
      timeOf(t),
      `${t.pageLagMs.toFixed(1)} ms`,
      `${t.syncErrorMs.toFixed(1)} ms`,
      t.quiet ? 'yes' : 'no',
      ...(sends ? [t.sends.length ? `${t.sends.length}: first ${t.sends[0]}${t.sends.length > 1 ? `; last ${t.sends[t.sends.length - 1]}` : ''}` : 'none'] : []),
      t.serverSaw,
      ...(delivery ? [deliveryOf(t)] : []),
    ]),
  );
}

function conditionsBlock(f: Finding): Block {
  const entries = Object.entries(f.conditions);
  const text = entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'none stated';
  return paragraph('Conditions: ', code(text), `. Window: ${duration(f.windowMs)}.`);
}

const section = (heading: string, blocks: readonly Block[]) => [`<h4>${escapeHtml(heading)}</h4>`, ...blocks.flatMap(block)].join('\n');

/** The panel for one finding of one run. */
export function detailPanel(run: SiteRun, f: Finding): string {
  const summary = closeCell(f);
  const expected = run.expected[f.project];
  return [
    `<section class="detail" id="${detailId(run.profile, f)}" data-scenario="${escapeHtml(f.scenario)}" data-project="${escapeHtml(f.project)}">`,
    `<a class="close-panel" href="#${matrixId(run.profile)}" title="back to the matrix">×</a>`,
    `<h3><code>${escapeHtml(f.scenario)}</code> · ${escapeHtml(f.project)} <small>${escapeHtml(`${f.engine} ${f.browserVersion} · ${f.driver} (${f.source}) · ${run.profile} run`)}</small></h3>`,
    `<p class="summary ${summary.outcome ?? ''}">${inline(summary.text)}</p>`,
    ...[paragraph('What ends the connection: ', f.mechanism, '.'), conditionsBlock(f), ...(f.deviation ? [paragraph('Deviation from the standard: ', f.deviation)] : [])].flatMap(block),
    section('Event timeline (ms since the fault)', []),
    timelineSvg(f),
    section('Trials', [trialsTable(f)]),
    section('Recorded vs observed', recordedBlocks(f, expected)),
    '</section>',
  ].join('\n');
}
