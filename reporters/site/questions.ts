import type { Finding, TrialObservation } from '../../findings/schema';
import { CutMethod, Traffic } from '../../scenarios/schema';
import { closeCell, counted, outcomeOfAll, projectsOf } from '../cells';
import { cell, code, paragraph, skippedCell, table, type Block, type Cell, type Text } from '../page-model';
import { deliveryCell } from '../page-network';
import type { RunFinding } from './runs';

/**
 * The seed's three questions, answered per engine from the findings of both runs (./runs combined): what the page
 * hears after a network cut and when, what send() does, and which close code each kind of fault gives the page.
 * Every answer is computed from the findings' faults and trials; only the question is written here.
 */

/** A group of findings that answers one row: a case label, and which findings belong to it. */
interface Case {
  label: Text;
  of: (f: Finding) => boolean;
}

/** One question's rows: the case, what ends the connection there, then one cell per project. */
interface Question {
  text: string;
  cases: Case[];
  cellOf: (rows: readonly RunFinding[]) => Cell;
}

const cut = (f: Finding) => (f.fault.kind === 'network-cut' ? f.fault : null);
const cutCase = (method: CutMethod, traffic?: string): Case => ({
  label: [code(traffic ? `${method} · ${traffic}` : method)],
  of: f => cut(f)?.method === method && (traffic === undefined || cut(f)?.traffic === traffic),
});

/** With both runs in, a cell says whose it is: the full profile's windows are minutes, the quick one's seconds. */
function tagged(c: Cell, rows: readonly RunFinding[]): Cell {
  if (c.outcome === 'skipped') return c;
  const profiles = [...new Set(rows.map(r => r.profile))];
  return cell([...c.text, ` (${profiles.join(', ')} run)`], c.outcome);
}

/** Q1: each cut method × traffic, the close as the page saw it (events, code, time, k/n). */
const closes: Question = {
  text: 'After the network is cut, do onerror and onclose fire, and when?',
  cases: CutMethod.options.flatMap(m => Traffic.options.filter(t => t !== 'restore').map(t => cutCase(m, t))),
  cellOf: rows => closeCell(rows[0].finding),
};

const trialsOf = (rows: readonly RunFinding[]) => rows.flatMap(r => r.finding.trials);

/**
 * A send() as findings/observe words it (`ok readyState 1→1 buffered 0→6`), with the byte counts, which follow
 * each traffic's message length, said as what they mean: the bytes were queued, or not.
 */
function sendGist(send: string): string {
  return send.replace(/ buffered (\d+)→(\d+)/, (_, a: string, b: string) => {
    const d = Number(b) - Number(a);
    return `, bufferedAmount ${d > 0 ? 'grows' : d < 0 ? 'falls' : 'unchanged'}`;
  });
}

/** What each first send() after the cut did, over the trials of every traffic that sends. */
function firstSends(rows: readonly RunFinding[]): Cell {
  const sending = rows.filter(r => cut(r.finding)?.traffic === 'single-send' || cut(r.finding)?.traffic === 'periodic-send');
  const trials = trialsOf(sending);
  const firsts = trials.flatMap(t => t.sends.slice(0, 1).map(sendGist));
  return firsts.length ? cell(counted(firsts, trials.length)) : skippedCell();
}

/** Every send() of the periodic trials by its result, readyState and what became of its bytes. */
function everySend(rows: readonly RunFinding[]): Cell {
  const periodic = rows.filter(r => cut(r.finding)?.traffic === 'periodic-send');
  const sends = trialsOf(periodic).flatMap(t => t.sends.map(sendGist));
  return sends.length ? cell(counted(sends, sends.length)) : skippedCell();
}

function lifted(rows: readonly RunFinding[]): Cell {
  const restore = rows.find(r => cut(r.finding)?.traffic === 'restore');
  return restore ? deliveryCell(restore.finding) : skippedCell();
}

/** Q2: per cut method, the first send(), every periodic send(), and delivery once a short cut is lifted. */
const sends: Question[] = [
  { text: 'What does send() do? The first send() after the cut:', cases: CutMethod.options.map(m => cutCase(m)), cellOf: firstSends },
  { text: 'Every send() every period while cut:', cases: CutMethod.options.map(m => cutCase(m)), cellOf: everySend },
  { text: 'The messages sent during a short cut, once it is lifted:', cases: CutMethod.options.map(m => cutCase(m)), cellOf: lifted },
];

/** The code the fault itself put in a close frame or a close() call, if any. */
const codeSent = (f: Finding) => ('code' in f.fault ? f.fault.code : undefined);

/** The close code one trial's page saw, said against the code sent where there was one. */
function codeSeen(f: Finding, t: TrialObservation): string {
  if (t.closeCode === null) return 'no close';
  const sent = codeSent(f);
  return `${sent !== undefined && sent !== null && t.closeCode === sent ? 'the code sent' : t.closeCode}${t.wasClean ? ', clean' : ''}`;
}

const kinds: Finding['fault']['kind'][] = ['server-close', 'wire-close', 'client-close', 'page-gone', 'server-fin', 'server-rst', 'handshake-fail'];

/** Q3: per fault kind (cuts per method), the close codes the page saw over all its trials. */
const codes: Question = {
  text: 'Why is the close code almost always 1006? The code the page sees, per kind of fault:',
  cases: [...kinds.map(k => ({ label: [code(k)], of: (f: Finding) => f.fault.kind === k })), ...CutMethod.options.map(m => cutCase(m))],
  cellOf: rows => {
    const seen = rows.flatMap(r => r.finding.trials.map(t => codeSeen(r.finding, t)));
    return cell(counted(seen, seen.length), outcomeOfAll(trialsOf(rows)));
  },
};

const mechanisms = (rows: readonly RunFinding[]) => [...new Set(rows.map(r => r.finding.mechanism))].join('; ');

function questionRows(q: Question, all: readonly RunFinding[], projects: readonly string[], tag: boolean): Cell[][] {
  const rows = q.cases.flatMap(c => {
    const mine = all.filter(r => c.of(r.finding));
    if (!mine.length) return [];
    const answer = (rs: RunFinding[]) => (tag ? tagged(q.cellOf(rs), rs) : q.cellOf(rs));
    const cells = projects.map(p => mine.filter(r => r.finding.project === p)).map(rs => (rs.length ? answer(rs) : skippedCell()));
    // A case no project has an answer for (no sending traffic ran for that cut) is left out, not shown blank.
    if (cells.every(c => c.outcome === 'skipped')) return [];
    return [[cell(c.label), cell(mechanisms(mine)), ...cells]];
  });
  return rows.map((r, i) => [cell(i === 0 ? q.text : ''), ...r]);
}

/** The questions' table and the sentences that read it; a note alone when no run has findings. */
export function questionBlocks(all: readonly RunFinding[]): Block[] {
  if (!all.length) return [paragraph('No findings to answer from yet.')];
  const projects = projectsOf(all.map(r => r.finding));
  const tag = new Set(all.map(r => r.profile)).size > 1;
  return [
    paragraph(
      'Each answer is computed from the findings: a cut scenario from the full profile\'s run where it has one (its windows reach the kernel\'s TCP timeouts), else the quick one\'s (with both runs in, each cell says whose it is). ',
      'Counts are trials. The close code is 1006 whenever the connection ended without a close frame reaching the page (RFC 6455 §7.1.5): only a fault that puts one on the wire can tell the page anything else.',
    ),
    table(['question', 'case', 'what ends the connection', ...projects], [closes, ...sends, codes].flatMap(q => questionRows(q, all, projects, tag))),
  ];
}
