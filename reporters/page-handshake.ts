import type { Finding } from '../findings/schema';
import { type CaseDrift, type PairVerdict, type SideChannel, sideChannel } from '../findings/side-channel';
import { endsText, ms, msRange, outcomeOfAll } from './cells';
import { cell, code, paragraph, section, strong, table, type Block, type Section } from './page-model';

/** The seven handshake failures a page must not tell apart: per engine their times, and the side-channel table. */

const caseOf = (f: Finding) => (f.fault.kind === 'handshake-fail' ? f.fault.case : f.scenario);

const intro: Block[] = [
  paragraph(
    'Each trial from a fresh page to a fresh endpoint, one at a time and quietly (browsers back off from endpoints that failed, see ',
    code('reconnect-backoff'),
    '); time from ',
    code('new WebSocket()'),
    ' to ',
    code('close'),
    ' on the page\'s clock. n trials, k of them closed; the median\'s interval is two order statistics, with its exact coverage. ' +
      'Drift: the order correlation (Spearman\'s ρ) of a case\'s times with its trial order, and whether it is beyond what order-free noise gives 95 % of the time. ' +
      'A case missing from a table was skipped in this run (the HTML report says why).',
  ),
  paragraph(
    'Side channel: for each pair of cases the page sees identically (same events, code, reason and wasClean in every outcome), ' +
      'AUC is the chance that a trial of the second takes longer than one of the first (0.5: time tells nothing), with its 95 % interval. ' +
      'Verdict: not separable (the interval contains 0.5); separable, weakly (it excludes 0.5); separable as an oracle (even the interval\'s ' +
      'weaker end of max(AUC, 1 − AUC) is ≥ 0.9: a script can tell the two apart at least 9 times in 10).',
  ),
];

const none = ['–', '–', '–', '–', '–', '–'];

function driftText(d: CaseDrift | undefined): string {
  if (!d || d.n < 3) return '–';
  return `ρ ${d.rho.toFixed(2).replace(/^-/, '−')}${d.drifts ? ', drifts' : ''}`;
}

function caseRow(f: Finding, drift: CaseDrift | undefined) {
  const s = f.summary;
  const t = s.msToClose;
  const timing = t
    ? [ms(t.median), ms(t.p95), ms(t.min), ms(t.max), `${msRange(t.medianInterval.lo, t.medianInterval.hi)} (${(t.medianInterval.coverage * 100).toFixed(1)} %)`, `±${t.uncertaintyMs.toFixed(1)} ms`]
    : none;
  const outcome = cell(endsText(f), s.outcomes.length > 1 ? 'varies' : outcomeOfAll(f.trials));
  return [cell([code(caseOf(f))]), outcome, String(s.n), String(s.closed), ...timing, driftText(drift)];
}

function pairRow(p: PairVerdict, name: (scenario: string) => string) {
  return [
    `${name(p.a)} vs ${name(p.b)}`,
    `${p.nA} / ${p.nB}`,
    `${ms(p.medianA)} / ${ms(p.medianB)}`,
    `${p.auc.toFixed(2)} [${p.lo.toFixed(2)}–${p.hi.toFixed(2)}]`,
    // A pair that time separates is the finding; it stands out.
    cell(p.verdict === 'not separable' ? [p.verdict] : [strong(p.verdict)]),
  ];
}

function sideChannelBlocks(table_: SideChannel, name: (scenario: string) => string): Block[] {
  const groups = table_.groups.filter(g => g.length > 1).map(g => g.map(name).join(', '));
  const separable = table_.pairs.filter(p => p.verdict !== 'not separable');
  const summary =
    `Side channel: ${table_.pairs.length} ${table_.pairs.length === 1 ? 'pair' : 'pairs'} the page sees identically` +
    (groups.length ? ` (within: ${groups.join(' · ')})` : '') +
    `; ${separable.length} separable by time.`;
  if (!table_.pairs.length) return [paragraph(summary)];
  return [
    paragraph(summary),
    table(['pair', 'closed trials', 'medians', 'AUC [95 % CI]', 'verdict'], table_.pairs.map(p => pairRow(p, name))),
  ];
}

function engineSection(cases: readonly Finding[], channel: SideChannel | undefined): Section {
  const name = (scenario: string) => caseOf(cases.find(f => f.scenario === scenario)!);
  const drift = (f: Finding) => channel?.cases.find(c => c.scenario === f.scenario);
  return section(
    `${cases[0].project} ${cases[0].browserVersion}`,
    [
      table(
        ['case', 'outcome', 'n', 'k', 'median', 'p95', 'min', 'max', 'median interval (coverage)', '±', 'drift with repetition'],
        cases.map(f => caseRow(f, drift(f))),
      ),
      ...(channel ? sideChannelBlocks(channel, name) : []),
    ],
    3,
  );
}

/** The handshake-failure section (fresh attempts only), one subsection per engine; nothing when none ran. */
export function handshakeSections(findings: readonly Finding[]): Section[] {
  const seven = findings.filter(f => f.fault.kind === 'handshake-fail' && f.fault.attempts === 'fresh');
  if (!seven.length) return [];
  const channels = sideChannel(seven);
  const projects = [...new Set(seven.map(f => f.project))].sort();
  return [
    section('Seven failures a page must not tell apart — and their timing', intro),
    ...projects.map(p => engineSection(seven.filter(f => f.project === p), channels.find(c => c.project === p))),
  ];
}
