import type { Block, Cell, Page, Span, Text } from './page-model';

/** Renders a page (./page-model) as GitHub-flavoured Markdown. */

// Characters that would start markup in running text; `|` only matters inside a table row.
const escapeText = (s: string, inTable: boolean) => s.replace(inTable ? /[\\`*<|]/g : /[\\`*<]/g, c => `\\${c}`);

/** A code span whose fence is longer than any backtick run inside it (CommonMark); `|` escaped in tables (GFM). */
function codeSpan(s: string, inTable: boolean): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inTable ? s.replace(/\|/g, '\\|') : s}${pad}${fence}`;
}

function span(s: Span, inTable: boolean): string {
  if (typeof s === 'string') return escapeText(s, inTable);
  if ('code' in s) return codeSpan(s.code, inTable);
  return `**${escapeText(s.strong, inTable)}**`;
}

/** Inline text on one line: a line break would end a table row or a list item. */
const inline = (text: Text, inTable = false) => text.map(s => span(s, inTable)).join('').replace(/\s*\n\s*/g, ' ');

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

function block(b: Block): string[] {
  switch (b.kind) {
    case 'paragraph':
      return [inline(b.text)];
    case 'list':
      return b.items.flatMap(item => [`- ${inline(item.text)}`, ...(item.items ?? []).map(sub => `  - ${inline(sub)}`)]);
    case 'table':
      return [
        row(b.header.map(h => escapeText(h, true))),
        `|${b.header.map(() => '---').join('|')}|`,
        ...b.rows.map(r => row(r.map((c: Cell) => inline(c.text, true)))),
      ];
  }
}

const blocks = (bs: readonly Block[]) => bs.flatMap(b => ['', ...block(b)]);

/** The page as Markdown: headings, paragraphs, lists and pipe tables, ending with a newline. */
export function renderMarkdown(page: Page): string {
  const out = [`# ${escapeText(page.title, false)}`, ...blocks(page.intro)];
  for (const s of page.sections) out.push('', `${'#'.repeat(s.level)} ${inline(s.title)}`, ...blocks(s.blocks));
  return out.join('\n') + '\n';
}
