/**
 * The run-to-run diff as one self-contained HTML page (opens from disk, kept as a CI artifact). Rendered from the
 * diff's data (findings/diff), never from its Markdown, so neither format's quirks leak into the other.
 */
import type { FindingsDiff, RowChange } from '../findings/diff';
import { type DiffNames, describeBrowser, describeTime, headline, outcomeLines, sections, timeRule, trialCount } from './diff-text';
import { escapeHtml } from './escape-html';

const code = (s: string) => `<code>${escapeHtml(s)}</code>`;
/** Cells are HTML already (callers escape text with `escapeHtml` or `code`). */
const table = (header: string[], rows: string[][]) => [
  '<table>',
  `<thead><tr>${header.map(h => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
  '<tbody>',
  ...rows.map(r => `<tr>${r.map(c => `<td>${c}</td>`).join('')}</tr>`),
  '</tbody></table>',
];

/** Both runs' outcome records, marked the way a diff marks lines: gone, new, or in both. */
function outcomeList(c: RowChange): string[] {
  const sign = { gone: '−', new: '+', same: '=' };
  return [
    '<ul class="outcomes">',
    ...outcomeLines(c).map(l => `<li class="${l.mark}"><span class="mark">${sign[l.mark]}</span> ${code(l.record)} <span class="n">${escapeHtml(l.count)}</span></li>`),
    '</ul>',
  ];
}

function rowList(rows: RowChange[], side: 'was' | 'now'): string[] {
  return [
    '<ul>',
    ...rows.map(c => {
      const row = c[side]!;
      const outcomes = row.outcomes.map(o => `<li>${code(o.record)} <span class="n">${trialCount(o, row)}</span></li>`).join('');
      return `<li>${code(c.scenario)} · ${escapeHtml(c.project)} (${escapeHtml(row.browserVersion)}, ${escapeHtml(row.source)}): ${escapeHtml(describeTime(row.msToClose))}<ul>${outcomes}</ul></li>`;
    }),
    '</ul>',
  ];
}

/** Renders the diff as one HTML document. */
export function renderDiffHtml(diff: FindingsDiff, names: DiffNames): string {
  const { outcome, time, added, gone } = sections(diff);
  const body = [
    '<h1>What changed between two findings runs</h1>',
    ...table(
      ['', 'old', 'new'],
      [
        ['file', code(names.was), code(names.now)],
        ['generated', escapeHtml(diff.was.generatedAt), escapeHtml(diff.now.generatedAt)],
        ['profile', escapeHtml(diff.was.profile), escapeHtml(diff.now.profile)],
        ['rows (scenario × project)', String(diff.was.rows), String(diff.now.rows)],
      ].map(([label, ...rest]) => [escapeHtml(label), ...rest]),
    ),
    `<p class="headline ${diff.behaviourChanged ? 'changed' : 'same'}">${escapeHtml(headline(diff))}</p>`,
  ];
  if (diff.warnings.length) body.push('<ul class="warnings">', ...diff.warnings.map(w => `<li>⚠ ${escapeHtml(w)}</li>`), '</ul>');
  body.push(
    '<h2>Browser versions</h2>',
    ...table(
      ['project', 'engine', 'old', 'new', ''],
      diff.versions.map(v => [
        escapeHtml(v.project),
        escapeHtml(v.engine),
        escapeHtml(describeBrowser(v.was)),
        escapeHtml(describeBrowser(v.now)),
        v.changed ? '<strong>changed</strong>' : 'same',
      ]),
    ),
  );
  if (outcome.length) {
    body.push('<h2>Outcome changed</h2>', '<p>Outcome records: − seen only in the old run, + only in the new one, = in both.</p>');
    for (const c of outcome) body.push(`<h3>${code(c.scenario)} · ${escapeHtml(c.project)}</h3>`, ...outcomeList(c));
  }
  if (time.length)
    body.push(
      '<h2>Time to close moved</h2>',
      `<p>${escapeHtml(timeRule)}</p>`,
      ...table(
        ['scenario', 'project', 'old', 'new', 'allowance'],
        time.map(c => [
          code(c.scenario),
          escapeHtml(c.project),
          escapeHtml(describeTime(c.time!.was)),
          escapeHtml(describeTime(c.time!.now)),
          `${c.time!.allowanceMs.toFixed(0)} ms`,
        ]),
      ),
    );
  if (added.length) body.push('<h2>Rows added</h2>', ...rowList(added, 'now'));
  if (gone.length) body.push('<h2>Rows gone</h2>', ...rowList(gone, 'was'));
  return htmlDocument(body);
}

/** The body in a document that stands alone: its style inline. */
function htmlDocument(body: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<title>Findings diff</title>',
    '<style>',
    'body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:90em;padding:0 1em;color:#222}',
    'table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}',
    'thead th{background:#f3f3f3}code{font-size:90%;background:#f3f3f3;padding:0 .2em}',
    '.headline{font-weight:600;padding:.5em;border-left:4px solid}.headline.changed{border-color:#c0392b}.headline.same{border-color:#27ae60}',
    '.outcomes{list-style:none;padding-left:0}.outcomes .gone{background:#fdecea}.outcomes .new{background:#e8f6ec}',
    '.mark{display:inline-block;width:1.2em;font-weight:700}.n{color:#666}.warnings{color:#8a5a00}',
    '</style></head><body>',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}
