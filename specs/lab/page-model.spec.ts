import { expect, test } from '../../fixtures/harness';
import { FindingsFile } from '../../findings/schema';
import { findingsPage } from '../../reporters/findings-page';
import { renderHtml } from '../../reporters/html';
import { renderMarkdown } from '../../reporters/markdown';
import type { Page, Text } from '../../reporters/page-model';
import { finding, findingsFile, trial } from './findings-fixture';

// The findings page is one model rendered twice: both renderings must carry exactly the model's cells.

const plain = (text: Text) => text.map(s => (typeof s === 'string' ? s : 'code' in s ? s.code : s.strong)).join('');

/** Every table's cells, row by row, as plain text. */
const cellsOf = (page: Page) =>
  [...page.intro, ...page.sections.flatMap(s => s.blocks)].flatMap(b => (b.kind === 'table' ? b.rows.map(r => r.map(c => plain(c.text))) : []));

const unescapeHtml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** Table body rows of the HTML page, each cell as plain text. */
function htmlRows(html: string): string[][] {
  return [...html.matchAll(/<tr>(.*?)<\/tr>/g)]
    .filter(m => m[1].startsWith('<td'))
    .map(m => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(c => unescapeHtml(c[1].replace(/<[^>]+>/g, ''))));
}

/** Table body rows of the Markdown page: split on unescaped pipes, escapes and code fences undone. */
function markdownRows(markdown: string): string[][] {
  const lines = markdown.split('\n');
  return lines
    .filter((l, i) => l.startsWith('| ') && !lines[i + 1]?.startsWith('|---') && !lines[i].startsWith('|---'))
    .map(l =>
      l
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map(c => c.replace(/\\([\\`*<|])/g, '$1').replace(/`/g, '').replace(/\*\*/g, '')),
    );
}

const tiny = () => {
  const pipe = { closeCode: 4000, closeReason: 'a|b', wasClean: true, errorFired: false, events: ['open', 'close'] };
  return findingsFile([
    finding('server-close:1000', 'chromium', { kind: 'server-close', code: 1000 }, [1.2, 2.9, 3.1, 9.3, 1.3].map(ms => trial(ms))),
    finding('server-close:1000', 'firefox', { kind: 'server-close', code: 1000 }, [null, null, null].map(ms => trial(ms))),
    finding('wire-close:pipe', 'chromium', { kind: 'wire-close', code: 4000, reason: 'a|b', invalidUtf8: false }, [trial(2, pipe), trial(3, pipe)]),
  ]);
};

test('page-model: the tiny findings file is valid against the published schema', () => {
  expect(FindingsFile.safeParse(tiny()).success).toBe(true);
});

test('page-model: Markdown and HTML carry the same cells, in the same order, as the model', () => {
  const page = findingsPage(tiny());
  const model = cellsOf(page);
  expect(model.length).toBeGreaterThan(5);
  expect(htmlRows(renderHtml(page))).toEqual(model);
  expect(markdownRows(renderMarkdown(page))).toEqual(model);
});

test('page-model: a cell with a | in it does not break the Markdown table', () => {
  const markdown = renderMarkdown(findingsPage(tiny()));
  const rows = markdown.split('\n').filter(l => l.startsWith('|'));
  const columns = (l: string) => l.split(/(?<!\\)\|/).length;
  // Every row of a table has as many unescaped pipes as its header.
  for (let i = 0; i < rows.length; i++) if (rows[i].startsWith('|---')) expect(columns(rows[i - 1])).toBe(columns(rows[i]));
  expect(markdown).toContain('a\\|b');
  const tables = markdown.split(/\n(?!\|)/).filter(b => b.startsWith('|'));
  for (const t of tables) expect(new Set(t.split('\n').map(columns)).size).toBe(1);
});

test('page-model: a cell shows the time with its interval, ± and k/n, or no close with 0/n', () => {
  const markdown = renderMarkdown(findingsPage(tiny()));
  expect(markdown).toContain('1006 · error yes · 2.9 ms [1.2–9.3] ±0.6 · 5/5');
  expect(markdown).toContain('no close in 2 s · 0/3');
  const html = renderHtml(findingsPage(tiny()));
  expect(html).toContain('<td class="error">1006 · error yes · 2.9 ms [1.2–9.3] ±0.6 · 5/5</td>');
  expect(html).toContain('<td class="no-close">no close in 2 s · 0/3</td>');
});
