import type { Finding } from '../../findings/schema';
import { duration, ms, projectsOf } from '../cells';
import { escapeHtml } from '../escape-html';
import { axis, dotKey, logScale, px, svg, title, type Scale } from './svg';

/**
 * Time to close per fault × engine on a log axis, as inline SVG: one chart per kind of fault (cuts per method),
 * a row per scenario, a lane per project with a dot per trial that closed and a tick at the median, and k/n at
 * the right (the trials that did not close have no time to draw).
 */

const WIDTH = 880;
const LEFT = 230;
const RIGHT = 150;
const LANE = 11;
const ROW_GAP = 8;
const TOP = 6;
// Below a hundredth of a millisecond the lab claims nothing (resolution, sync): such times sit at the left edge.
const FLOOR_MS = 0.01;

/** Which chart a finding goes in: its kind of fault, a cut by its method. */
export const chartGroup = (f: Finding): string => (f.fault.kind === 'network-cut' ? `network-cut · ${f.fault.method}` : f.fault.kind);

const timesOf = (f: Finding) => f.trials.flatMap(t => (t.toClose ? [t.toClose.ms] : []));

function scaleOf(findings: readonly Finding[]): Scale {
  const times = findings.flatMap(timesOf).filter(t => t > FLOOR_MS);
  const lo = times.length ? Math.min(...times) : 1;
  return logScale(lo, Math.max(lo * 10, ...times), LEFT, WIDTH - RIGHT);
}

/** One project's lane in a scenario's row: its trials' dots, the median's tick, and k/n. */
function lane(f: Finding, index: number, scale: Scale, y: number): string {
  const cls = `p${index}`;
  const dots = f.trials.flatMap((t, i) => {
    if (!t.toClose) return [];
    const pinned = t.toClose.ms < scale.lo;
    const tip = title(`${f.project} trial ${i + 1}: ${ms(t.toClose.ms)} ±${t.toClose.uncertaintyMs.toFixed(1)} ms${pinned ? ' (below the axis)' : ''}`);
    return [`<circle class="${cls}${pinned ? ' pinned' : ''}" cx="${px(scale.x(t.toClose.ms))}" cy="${px(y)}" r="3">${tip}</circle>`];
  });
  const m = f.summary.msToClose;
  const median = m ? `<line class="median ${cls}" x1="${px(scale.x(m.median))}" x2="${px(scale.x(m.median))}" y1="${px(y - 5)}" y2="${px(y + 5)}">${title(`${f.project} median ${ms(m.median)}`)}</line>` : '';
  const kn = `<text class="kn ${cls}" x="${WIDTH - RIGHT + 6}" y="${px(y + 3)}">${f.summary.closed}/${f.summary.n}${f.summary.closed < f.summary.n ? ` · none in ${duration(f.windowMs)}` : ''}</text>`;
  return dots.join('') + median + kn;
}

function row(rowFindings: readonly Finding[], projects: readonly string[], scale: Scale, y: number): string {
  const height = projects.length * LANE;
  const label = `<text class="row-label" x="${LEFT - 8}" y="${px(y + height / 2 + 4)}" text-anchor="end">${escapeHtml(rowFindings[0].scenario)}</text>`;
  const lanes = projects.map((p, i) => {
    const f = rowFindings.find(x => x.project === p);
    return f ? lane(f, i, scale, y + i * LANE + LANE / 2) : '';
  });
  return `<rect class="row" x="${LEFT}" y="${px(y - 2)}" width="${WIDTH - LEFT - RIGHT}" height="${height + 4}"/>${label}${lanes.join('')}`;
}

/** One chart: the scenarios of `findings` (one group) as rows, `projects` as lanes, on the run's one scale. */
function chart(group: string, findings: readonly Finding[], projects: readonly string[], scale: Scale): string {
  const scenarios = [...new Set(findings.map(f => f.scenario))];
  const rowHeight = projects.length * LANE + ROW_GAP;
  const bottom = TOP + scenarios.length * rowHeight;
  const rows = scenarios.map((s, i) => row(findings.filter(f => f.scenario === s), projects, scale, TOP + i * rowHeight));
  const body = axis(scale, bottom + 2, TOP) + rows.join('');
  return `<figure class="log-chart"><figcaption>${escapeHtml(group)}</figcaption>${svg(WIDTH, bottom + 18, body, `time to close, ${group}, log axis`)}</figure>`;
}

/** The engines' colours, as a key. */
function key(projects: readonly string[]): string {
  const items = projects.map((p, i) => dotKey(`p${i}`, p));
  return `<p class="keys">${items.join('')}<span class="key">| median</span><span class="key">dots: one per trial that closed, hover for its time ± uncertainty; faded at the left edge: at or before the axis's start (the fault)</span></p>`;
}

/**
 * Every chart for a run's findings, one per group in the findings' order, with the engines' key. All share one
 * scale, so a reset's milliseconds and a cut's seconds compare at a glance.
 */
export function logCharts(findings: readonly Finding[]): string {
  const projects = projectsOf(findings);
  const groups = [...new Set(findings.map(chartGroup))];
  const scale = scaleOf(findings);
  return key(projects) + groups.map(g => chart(g, findings.filter(f => chartGroup(f) === g), projects, scale)).join('');
}
