/**
 * A page for people as data: sections of paragraphs, lists and tables. The findings page is built once as this
 * model and rendered to Markdown and to HTML (./markdown, ./html), so both say the same and neither parses the
 * other.
 */

/** How a cell's outcome reads at a glance (the HTML page colours it). */
export type Outcome = 'clean-close' | 'abnormal-close' | 'error' | 'no-close' | 'varies' | 'skipped';

/** A run of inline text: plain, code (ids, paths, API names) or strong. */
export type Span = string | { code: string } | { strong: string };

/** Inline text as a sequence of spans. */
export type Text = readonly Span[];

/** A table cell: its text, and the outcome it shows, if it shows one. */
export interface Cell {
  text: Text;
  outcome?: Outcome;
}

/** A table with a plain-text header; every row has one cell per header column. */
export interface Table {
  kind: 'table';
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
}

/** A list item, with an optional list of its own (one level deep). */
export interface ListItem {
  text: Text;
  items?: readonly Text[];
}

/** What a section holds, in order. */
export type Block = { kind: 'paragraph'; text: Text } | { kind: 'list'; items: readonly ListItem[] } | Table;

/** A titled part of the page; level 3 sections nest under the level 2 section before them. */
export interface Section {
  title: Text;
  level: 2 | 3;
  blocks: readonly Block[];
}

/** The whole page: a title, the blocks under it, then its sections. */
export interface Page {
  title: string;
  intro: readonly Block[];
  sections: readonly Section[];
}

/** Inline code. */
export const code = (text: string): Span => ({ code: text });

/** Strong emphasis. */
export const strong = (text: string): Span => ({ strong: text });

/** A paragraph of spans. */
export const paragraph = (...text: Span[]): Block => ({ kind: 'paragraph', text });

/** A cell of spans (a lone string is one plain span). */
export const cell = (text: string | Text, outcome?: Outcome): Cell => ({
  text: typeof text === 'string' ? [text] : text,
  ...(outcome ? { outcome } : {}),
});

/** A table; rows given as strings become plain cells. */
export const table = (header: readonly string[], rows: readonly (readonly (Cell | string)[])[]): Table => ({
  kind: 'table',
  header,
  rows: rows.map(r => r.map(c => (typeof c === 'string' ? cell(c) : c))),
});

/** A list of items. */
export const list = (items: readonly ListItem[]): Block => ({ kind: 'list', items });

/** A section. */
export const section = (title: string | Text, blocks: readonly Block[], level: 2 | 3 = 2): Section => ({
  title: typeof title === 'string' ? [title] : title,
  level,
  blocks,
});

/** What a cell shows when the scenario did not run for a project (skipped, or not in this run). */
export const skippedCell = (): Cell => cell('–', 'skipped');
