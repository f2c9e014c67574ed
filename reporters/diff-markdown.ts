/**
 * The run-to-run diff as Markdown, for a terminal, a pull request or GitHub's job summary. Rendered from the
 * diff's data (findings/diff), as is the HTML beside it.
 */
import type { FindingsDiff, RowChange } from '../findings/diff';
import { type DiffNames, describeBrowser, describeTime, headline, outcomeLines, sections, timeRule, trialCount } from './diff-text';

/** A code span that survives backticks inside, and a table cell that survives pipes. */
const code = (s: string) => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);
const cell = (s: string) => s.replace(/\|/g, '\\|');
const table = (header: string[], rows: string[][]) => [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map(r => `| ${r.map(cell).join(' | ')} |`),
];

/** The outcome sets as a diff block: `-` only in the old run, `+` only in the new, ` ` in both. */
function outcomeBlock(c: RowChange): string[] {
  const sign = { gone: '-', new: '+', same: ' ' };
  return ['```diff', ...outcomeLines(c).map(l => `${sign[l.mark]} ${l.record}  (${l.count})`), '```'];
}

/** Renders the diff as one Markdown document. */
export function renderDiffMarkdown(diff: FindingsDiff, names: DiffNames): string {
  const { outcome, time, added, gone } = sections(diff);
  const out = [
    '# What changed between two findings runs',
    '',
    ...table(
      ['', 'old', 'new'],
      [
        ['file', code(names.was), code(names.now)],
        ['generated', diff.was.generatedAt, diff.now.generatedAt],
        ['profile', diff.was.profile, diff.now.profile],
        ['rows (scenario × project)', String(diff.was.rows), String(diff.now.rows)],
      ],
    ),
    '',
    `**${headline(diff)}**`,
    '',
  ];
  if (diff.warnings.length) out.push(...diff.warnings.map(w => `- ⚠ ${w}`), '');
  out.push(
    '## Browser versions',
    '',
    ...table(
      ['project', 'engine', 'old', 'new', ''],
      diff.versions.map(v => [v.project, v.engine, describeBrowser(v.was), describeBrowser(v.now), v.changed ? '**changed**' : 'same']),
    ),
    '',
  );
  if (outcome.length) {
    out.push('## Outcome changed', '', 'Outcome records: `-` seen only in the old run, `+` only in the new one, the rest in both.', '');
    for (const c of outcome) out.push(`### ${code(c.scenario)} · ${c.project}`, '', ...outcomeBlock(c), '');
  }
  if (time.length)
    out.push(
      '## Time to close moved',
      '',
      timeRule,
      '',
      ...table(
        ['scenario', 'project', 'old', 'new', 'allowance'],
        time.map(c => [code(c.scenario), c.project, describeTime(c.time!.was), describeTime(c.time!.now), `${c.time!.allowanceMs.toFixed(0)} ms`]),
      ),
      '',
    );
  for (const [title, rows, side] of [['Rows added', added, 'now'], ['Rows gone', gone, 'was']] as const) {
    if (!rows.length) continue;
    out.push(`## ${title}`, '');
    for (const c of rows) {
      const row = c[side]!;
      out.push(`- ${code(c.scenario)} · ${c.project} (${row.browserVersion}, ${row.source}): ${describeTime(row.msToClose)}`);
      for (const o of row.outcomes) out.push(`  - ${code(o.record)} (${trialCount(o, row)})`);
    }
    out.push('');
  }
  return out.join('\n');
}
