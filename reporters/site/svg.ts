import { ms } from '../cells';
import { escapeHtml } from '../escape-html';

/** What the site's inline SVG charts share: scales, ticks, and the marks' attributes. */

/** A scale: data value → x in pixels, with its tick values and how each reads. */
export interface Scale {
  x: (v: number) => number;
  ticks: number[];
  label: (v: number) => string;
  /** The smallest and largest values drawn at their place; others are pinned to the edge. */
  lo: number;
  hi: number;
}

/** A number fit for an SVG attribute: one decimal. */
export const px = (v: number) => (Math.round(v * 10) / 10).toString();

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A tick's reading: a time as ./cells writes it, without the needless `.0`. */
const tickLabel = (v: number) => (v === 0 ? '0' : ms(v).replace(/\.0 /, ' '));

/** The 1-2-5 step that gives about `count` ticks over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const decade = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * decade).find(s => s >= raw) ?? 10 * decade;
}

/** A linear scale over [lo, hi] onto [x0, x1], ticks at a 1-2-5 step. */
export function linearScale(lo: number, hi: number, x0: number, x1: number): Scale {
  const step = niceStep(hi - lo, 6);
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  const x = (v: number) => x0 + ((clamp(v, lo, hi) - lo) / (hi - lo)) * (x1 - x0);
  return { x, ticks, label: tickLabel, lo, hi };
}

/** A log scale over whole decades covering [lo, hi] (both > 0) onto [x0, x1], a tick per decade. */
export function logScale(lo: number, hi: number, x0: number, x1: number): Scale {
  const a = Math.floor(Math.log10(lo));
  const b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
  const ticks = Array.from({ length: b - a + 1 }, (_, i) => 10 ** (a + i));
  const x = (v: number) => x0 + ((Math.log10(clamp(v, 10 ** a, 10 ** b)) - a) / (b - a)) * (x1 - x0);
  return { x, ticks, label: tickLabel, lo: 10 ** a, hi: 10 ** b };
}

/** An axis along y = `y` with its ticks, labels and grid lines down to `gridTo`. */
export function axis(scale: Scale, y: number, gridTo: number): string {
  return scale.ticks
    .map(v => {
      const x = px(scale.x(v));
      return `<line class="grid" x1="${x}" x2="${x}" y1="${px(gridTo)}" y2="${px(y)}"/><text class="tick" x="${x}" y="${px(y + 12)}" text-anchor="middle">${escapeHtml(scale.label(v))}</text>`;
    })
    .join('');
}

/** A hover title, the one place a mark states its exact value. */
export const title = (text: string) => `<title>${escapeHtml(text)}</title>`;

/** The `<svg>` element around `body`, scaled to the page's width. */
export const svg = (width: number, height: number, body: string, label: string) =>
  `<svg class="chart" viewBox="0 0 ${width} ${px(height)}" width="${width}" height="${px(height)}" role="img" aria-label="${escapeHtml(label)}">${body}</svg>`;

/** A legend's entry: a dot of the mark class `cls`, then `label`. */
export const dotKey = (cls: string, label: string) =>
  `<span class="key"><svg width="10" height="10"><circle class="${cls}" cx="5" cy="5" r="4"/></svg> ${escapeHtml(label)}</span>`;
