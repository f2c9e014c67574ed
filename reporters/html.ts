import { escapeHtml } from './escape-html';
import type { Block, Cell, Page, Span, Text } from './page-model';

/** Renders a page (./page-model) as one self-contained HTML document, outcomes coloured. */

function span(s: Span): string {
  if (typeof s === 'string') return escapeHtml(s);
  if ('code' in s) return `<code>${escapeHtml(s.code)}</code>`;
  return `<strong>${escapeHtml(s.strong)}</strong>`;
}

/** Inline text as HTML. */
export const inline = (text: Text) => text.map(span).join('');

const td = (c: Cell) => `<td${c.outcome ? ` class="${c.outcome}"` : ''}>${inline(c.text)}</td>`;

/** One block as HTML lines. */
export function block(b: Block): string[] {
  switch (b.kind) {
    case 'paragraph':
      return [`<p>${inline(b.text)}</p>`];
    case 'list':
      return [
        '<ul>',
        ...b.items.map(item => {
          const sub = item.items?.length ? `<ul>${item.items.map(t => `<li>${inline(t)}</li>`).join('')}</ul>` : '';
          return `<li>${inline(item.text)}${sub}</li>`;
        }),
        '</ul>',
      ];
    case 'table':
      return [
        '<table>',
        `<thead><tr>${b.header.map(h => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
        '<tbody>',
        ...b.rows.map(r => `<tr>${r.map(td).join('')}</tr>`),
        '</tbody></table>',
      ];
  }
}

/**
 * The outcome colours, one per class of ./page-model's Outcome (this page and the findings site share them). They
 * are a reading aid only: every cell also says its outcome in words.
 */
export const outcomeStyle = [
  '.clean-close{background:#e6f4e6}.abnormal-close{background:#fff3d6}.error{background:#fde2e1}',
  '.no-close{background:#eceff3}.varies{background:#efe3fb}.skipped{color:#999}',
  '.legend span{display:inline-block;padding:0 .5em;margin-right:.5em;border:1px solid #ccc}',
].join('\n');

const style = [
  'body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:110em;padding:0 1em;color:#222}',
  'h2{margin-top:2em;border-bottom:1px solid #ddd}',
  'table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}',
  'thead th{background:#f3f3f3;position:sticky;top:0}',
  'p{max-width:70em}code{font-size:90%;background:#f3f3f3;padding:0 .2em}td code{white-space:nowrap}',
  outcomeStyle,
].join('\n');

/** The key to the outcome colours. */
export const legend =
  '<p class="legend">Cell colours: <span class="clean-close">clean close</span><span class="abnormal-close">abnormal close, no error</span>' +
  '<span class="error">error fired or a call threw</span><span class="no-close">no close in the window</span>' +
  '<span class="varies">trials differed</span><span class="skipped">– not run</span></p>';

/** The page as HTML. */
export function renderHtml(page: Page): string {
  const body = [`<h1>${escapeHtml(page.title)}</h1>`, ...page.intro.flatMap(block), legend];
  for (const s of page.sections) body.push(`<h${s.level}>${inline(s.title)}</h${s.level}>`, ...s.blocks.flatMap(block));
  return ['<!doctype html>', '<html lang="en"><head><meta charset="utf-8">', `<title>${escapeHtml(page.title)}</title>`, `<style>\n${style}\n</style>`, '</head><body>', ...body, '</body></html>', ''].join('\n');
}
