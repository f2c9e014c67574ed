import type { Finding, TimelineEntry, TrialObservation } from '../../findings/schema';
import { ms } from '../cells';
import { escapeHtml } from '../escape-html';
import { axis, dotKey, linearScale, px, svg, title, type Scale } from './svg';

/**
 * A finding's trials on one time axis (ms since the fault), drawn as inline SVG: per trial a lane for the page
 * and one for Node's side (server, fault, restore), the fault at 0, each event a mark that states its time on
 * hover, and the close with its ± uncertainty as a bar.
 */

const WIDTH = 940;
const LEFT = 70;
const RIGHT = 120;
const LANE = 15;
const GAP = 9;
const TOP = 6;

/** The mark classes, first match wins; each is a colour in ./style and a line of the legend. */
const kinds: { cls: string; label: string; test: (what: string) => boolean }[] = [
  { cls: 'k-close', label: 'close', test: w => w === 'close' },
  { cls: 'k-error', label: 'error', test: w => w === 'error' },
  { cls: 'k-send', label: 'send()', test: w => w === 'send' },
  { cls: 'k-threw', label: 'a call threw', test: w => w.includes('threw') },
  { cls: 'k-call', label: 'new WebSocket(), close()', test: w => w === 'new WebSocket()' || w === 'close()' },
  { cls: 'k-open', label: 'open', test: w => w === 'open' },
  { cls: 'k-message', label: 'message', test: w => w === 'message' },
  { cls: 'k-net', label: 'offline / online', test: w => w === 'offline' || w === 'online' },
  { cls: 'k-frame', label: 'server: close frame', test: w => w === 'server: close-frame' },
  { cls: 'k-end', label: 'server: socket closed', test: w => w === 'server: socket-closed' },
  { cls: 'k-server', label: 'server: opened, message', test: w => w === 'server: opened' || w === 'server: message' },
  { cls: 'k-restored', label: 'cut lifted', test: w => w === 'restored' },
  { cls: 'k-fault', label: 'fault (server act)', test: () => true },
];

const kindOf = (what: string) => kinds.find(k => k.test(what))!;

/** The trial's timeline, or for files recorded before timelines were kept, the fault and the close alone. */
function entriesOf(t: TrialObservation): TimelineEntry[] {
  if (t.timeline) return t.timeline;
  const close: TimelineEntry[] = t.toClose ? [{ at: t.toClose.ms, on: 'page', what: 'close', detail: `${t.closeCode}` }] : [];
  return [{ at: 0, on: 'node', what: 'fault' }, ...close];
}

// The socket's opening happens long before the fault (the clocks are synced in between): it is pinned to the left edge.
const opening = new Set(['new WebSocket()', 'open', 'server: opened']);

/**
 * The axis: from a little before the fault, or the earliest event after the opening, to the last event, or to the
 * window's end when a trial did not close (that nothing happened is the finding).
 */
function scaleOf(f: Finding, x0: number, x1: number): Scale {
  const entries = f.trials.flatMap(t => entriesOf(t).filter(e => !opening.has(e.what)).map(e => e.at));
  // A close's ± bar is clipped at the edges rather than let a stalled page's uncertainty set the scale.
  const closes = f.trials.flatMap(t => (t.toClose ? [t.toClose.ms] : []));
  const open = f.trials.some(t => t.toClose === null);
  const hi = Math.max(...entries, ...closes, open ? f.windowMs : 0, 1) * 1.03;
  const lo = Math.min(-0.1 * hi, ...[...entries, ...closes].map(at => at - 0.03 * hi));
  return linearScale(lo, hi, x0, x1);
}

function mark(e: TimelineEntry, scale: Scale, y: number): string {
  const k = kindOf(e.what);
  const pinned = e.at < scale.lo;
  const x = px(scale.x(e.at));
  const tip = title(`${e.what}${e.detail ? ` (${e.detail})` : ''} at ${ms(e.at)}${pinned ? ' — before the axis starts' : ''}`);
  const cls = `${k.cls}${pinned ? ' pinned' : ''}`;
  if (e.what === 'fault') return `<line class="${cls} fault" x1="${x}" x2="${x}" y1="${px(y - 7)}" y2="${px(y + 7)}">${tip}</line>`;
  if (e.what === 'close') return `<path class="${cls}" d="M${x} ${px(y - 6)}l6 6-6 6-6-6z">${tip}</path>`;
  return `<circle class="${cls}" cx="${x}" cy="${px(y)}" r="${e.what === 'message' || e.what === 'server: message' ? 2.5 : 4}">${tip}</circle>`;
}

/** The close's ± bar and its time in words, to the right of the close mark. */
function closeNote(t: TrialObservation, scale: Scale, y: number): string {
  if (!t.toClose) return `<text class="close-time" x="${px(WIDTH - RIGHT + 4)}" y="${px(y + 4)}">no close</text>`;
  const { ms: at, uncertaintyMs: u } = t.toClose;
  const bar = `<line class="pm" x1="${px(scale.x(at - u))}" x2="${px(scale.x(at + u))}" y1="${px(y)}" y2="${px(y)}"/>`;
  return `${bar}<text class="close-time" x="${px(WIDTH - RIGHT + 4)}" y="${px(y + 4)}">${escapeHtml(`${ms(at)} ±${u.toFixed(1)}`)}</text>`;
}

function trialRows(t: TrialObservation, i: number, scale: Scale, y: number): string {
  const pageY = y + LANE / 2;
  const nodeY = y + LANE + LANE / 2;
  const entries = entriesOf(t);
  return [
    `<rect class="lane" x="${LEFT}" y="${px(y)}" width="${WIDTH - LEFT - RIGHT}" height="${LANE * 2}"/>`,
    `<text class="lane-label" x="${LEFT - 6}" y="${px(pageY + 4)}" text-anchor="end">trial ${i + 1} page</text>`,
    `<text class="lane-label" x="${LEFT - 6}" y="${px(nodeY + 4)}" text-anchor="end">server</text>`,
    closeNote(t, scale, pageY),
    ...entries.map(e => mark(e, scale, e.on === 'page' ? pageY : nodeY)),
  ].join('');
}

/** The legend for the kinds of marks this drawing uses. */
function legend(f: Finding): string {
  const used = new Set(f.trials.flatMap(t => entriesOf(t).map(e => kindOf(e.what).cls)));
  const keys = kinds.filter(k => used.has(k.cls) && k.cls !== 'k-fault');
  const items = keys.map(k => dotKey(k.cls, k.label));
  return `<p class="keys"><span class="key"><b class="fault-key">|</b> fault (0 ms)</span>${items.join('')}<span class="key">▬ ± close uncertainty</span></p>`;
}

/** All of a finding's trials on one axis, with the legend and a note where the file holds no timelines. */
export function timelineSvg(f: Finding): string {
  const scale = scaleOf(f, LEFT, WIDTH - RIGHT);
  const rowsHeight = f.trials.length * (2 * LANE + GAP);
  const height = TOP + rowsHeight + 18;
  const zero = px(scale.x(0));
  const body = [
    axis(scale, TOP + rowsHeight + 2, TOP),
    ...f.trials.map((t, i) => trialRows(t, i, scale, TOP + i * (2 * LANE + GAP))),
    `<line class="fault-axis" x1="${zero}" x2="${zero}" y1="${TOP - 4}" y2="${px(TOP + rowsHeight)}"/>`,
    ...(scale.hi >= f.windowMs ? [`<line class="window" x1="${px(scale.x(f.windowMs))}" x2="${px(scale.x(f.windowMs))}" y1="${TOP}" y2="${px(TOP + rowsHeight)}">${title(`the window ends: ${ms(f.windowMs)}`)}</line>`] : []),
  ].join('');
  const old = f.trials.some(t => !t.timeline)
    ? '<p class="note">This file was recorded before timelines were kept: only the fault and the close are drawn.</p>'
    : '';
  return `<figure class="timeline">${svg(WIDTH, height, body, `event timeline of ${f.scenario} on ${f.project}`)}${legend(f)}${old}</figure>`;
}
