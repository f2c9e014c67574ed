import type { Finding, FindingsFile } from './schema';

const cell = (f: Finding | undefined): string => {
  if (!f) return '–';
  const o = f.observed;
  const close = o.closeCode === null ? `no close in ${o.windowMs / 1000} s` : `${o.closeCode}${o.wasClean ? ' clean' : ''}`;
  const ms = o.msToClose ? ` · ${o.msToClose.median} ms` : '';
  return `${close} · error ${o.errorFired ? 'yes' : 'no'}${ms}${o.consistent ? '' : ' · **inconsistent**'}`;
};

/** The findings matrix for people: one row per scenario, one column per project (code · error? · median ms). */
export function renderMarkdown(file: FindingsFile): string {
  const projects = [...new Set(file.findings.map(f => f.project))].sort();
  const scenarios = [...new Set(file.findings.map(f => f.scenario))];
  const browsers = projects.map(p => {
    const f = file.findings.find(x => x.project === p)!;
    return `| ${p} | ${f.engine} | ${f.browserVersion} | ${f.driver} (${f.source}) | \`${f.executable}\` |`;
  });
  const env = file.environment;
  return [
    '# WebSocket failure findings',
    '',
    `Generated ${file.generatedAt} by the \`${env.profile}\` profile on ${env.os}, kernel ${env.kernel}, Node ${env.node}, Playwright ${env.playwright}.`,
    `Kernel TCP settings of the browsers' namespace: ${Object.entries(env.tcp).map(([k, v]) => `${k}=${v}`).join(', ')}.`,
    '',
    '| project | engine | version | driver | executable |',
    '|---|---|---|---|---|',
    ...browsers,
    '',
    'Each cell: close code seen by the page (`clean` when wasClean) · whether `error` fired · median ms from fault to `close` over the runs.',
    '',
    `| scenario | ${projects.join(' | ')} |`,
    `|---|${projects.map(() => '---').join('|')}|`,
    ...scenarios.map(s => `| \`${s}\` | ${projects.map(p => cell(file.findings.find(f => f.scenario === s && f.project === p))).join(' | ')} |`),
    '',
    '## Records',
    '',
    'The whole outcome per scenario and project, as the specs compare it, with min/median/max ms to `close`:',
    '',
    ...file.findings.map(
      f =>
        `- \`${f.scenario}\` · ${f.project} ${f.browserVersion}: ${f.observed.record}` +
        (f.observed.msToClose ? ` (${f.observed.msToClose.min}/${f.observed.msToClose.median}/${f.observed.msToClose.max} ms over ${f.runs} runs)` : ` (${f.runs} runs)`),
    ),
    '',
  ].join('\n');
}
