import type { z } from 'zod';
import type { Finding, TimeStats, TrialObservation } from '../findings/schema';
import { cell, code, skippedCell, table, type Cell, type Outcome, type Table, type Text } from './page-model';

/**
 * How a finding reads in a table cell: the outcome the page saw, the time to `close` with its interval and ±, and
 * k of n. Every number shown says how many trials it stands for.
 */

type Times = z.infer<typeof TimeStats>;

/** A window or a long time as people read it: `500 ms`, `15 s`, `20 min`. */
export function duration(ms: number): string {
  if (ms >= 10 * 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1_000 && ms % 1_000 === 0) return `${ms / 1_000} s`;
  return ms >= 10_000 ? `${(ms / 1_000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

// A true minus sign: a negative bound next to an en dash (`[−13.2–0.1]`) stays legible.
const signed = (text: string) => text.replace(/^-/, '−');

/** A number at the precision its size warrants: tenths below 100, whole above (in seconds: tenths). */
const bare = (x: number, seconds: boolean) =>
  signed(seconds ? (x / 1_000).toFixed(1) : Math.abs(x) >= 100 ? `${Math.round(x)}` : x.toFixed(1));

/** A measured time: tenths of a millisecond below 100 ms, whole ms below 10 s, tenths of a second above. */
export function ms(x: number): string {
  const seconds = Math.abs(x) >= 10_000;
  return `${bare(x, seconds)} ${seconds ? 's' : 'ms'}`;
}

/** A range of times with its unit once: `13.1–17.2 ms`, `11.2–11.6 s`. */
export function msRange(lo: number, hi: number): string {
  const seconds = Math.max(Math.abs(lo), Math.abs(hi)) >= 10_000;
  return `${bare(lo, seconds)}–${bare(hi, seconds)} ${seconds ? 's' : 'ms'}`;
}

/**
 * The median with its interval and ± in one unit: `2.9 ms [1.3–9.3] ±7.9`; in seconds `11.3 s [11.2–11.6] ±4.5 ms`
 * (± stays in ms). With one closed trial there is no interval to show.
 */
export function timeText(t: Times, closed: number): string {
  const seconds = Math.abs(t.median) >= 10_000;
  const interval = closed > 1 ? ` [${bare(t.medianInterval.lo, seconds)}–${bare(t.medianInterval.hi, seconds)}]` : '';
  return `${ms(t.median)}${interval} ±${t.uncertaintyMs.toFixed(1)}${seconds ? ' ms' : ''}`;
}

/** A call that threw, from the trial's event names (`close()threw:SyntaxError` → `close() threw SyntaxError`). */
const thrown = (t: TrialObservation) => t.events.find(e => e.includes('threw:'))?.replace('threw:', ' threw ');

/**
 * How one trial ended, as the page saw it: `1006 · error yes`, `1000 clean · error no`, `no close in 15 s`,
 * after the call that threw, if one did (unless the caller shows calls itself).
 */
export function endOf(t: TrialObservation, windowMs: number, calls = true): string {
  const call = calls ? thrown(t) : undefined;
  if (t.closeCode === null) return `${call ? `${call}; ` : ''}no close in ${duration(windowMs)}`;
  return `${t.closeCode}${t.wasClean ? ' clean' : ''} · error ${t.errorFired ? 'yes' : 'no'}`;
}

/** The outcome class of one trial. */
function outcomeOf(t: TrialObservation): Outcome {
  if (thrown(t)) return 'error';
  if (t.closeCode === null) return 'no-close';
  if (t.wasClean) return 'clean-close';
  return t.errorFired ? 'error' : 'abnormal-close';
}

/** Distinct values, most frequent first (ties in first-seen order), each with how many times it occurred. */
function tally(values: readonly string[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
}

/** Each distinct value with its share of the trials: `ok readyState 1→1 buffered 0→6 (3/3)`. */
export function counted(values: readonly string[], n: number): string {
  return tally(values)
    .map(({ value, count }) => `${value} (${count}/${n})`)
    .join('; ');
}

/** One outcome class for a set of trials: theirs if they share it, else `varies`. */
export function outcomeOfAll(trials: readonly TrialObservation[]): Outcome {
  const classes = new Set(trials.map(outcomeOf));
  return classes.size === 1 ? [...classes][0] : 'varies';
}

/** How the trials ended, without times: one description, or each with its count when they differ. */
export function endsText(f: Finding, calls = true): string {
  const ends = tally(f.trials.map(t => endOf(t, f.windowMs, calls)));
  return ends.length === 1 ? ends[0].value : ends.map(e => `${e.value} (${e.count})`).join(' / ');
}

/**
 * The standard cell: `1006 · error yes · 2.9 ms [1.3–9.3] ±7.9 · 5/5`, or `no close in 15 s · 0/3`. Where the
 * trials' whole records differ, it says how many outcomes there were (the records list has them).
 */
export function closeCell(f: Finding, calls = true): Cell {
  const s = f.summary;
  const time = s.msToClose ? ` · ${timeText(s.msToClose, s.closed)}` : '';
  const varies = s.outcomes.length > 1 ? ` · ${s.outcomes.length} outcomes` : '';
  return cell(`${endsText(f, calls)}${time} · ${s.closed}/${s.n}${varies}`, s.outcomes.length > 1 ? 'varies' : outcomeOfAll(f.trials));
}

/** The projects of a set of findings, sorted. */
export const projectsOf = (findings: readonly Finding[]): string[] => [...new Set(findings.map(f => f.project))].sort();

/**
 * One row per scenario (in the order given), one column per project; a project without the scenario gets the
 * skipped cell. `label` names the row from its first finding.
 */
export function matrix(
  findings: readonly Finding[],
  projects: readonly string[],
  first: string,
  label: (f: Finding) => Text,
  cellOf: (f: Finding) => Cell,
): Table {
  const scenarios = [...new Set(findings.map(f => f.scenario))];
  return table(
    [first, ...projects],
    scenarios.map(s => {
      const row = findings.filter(f => f.scenario === s);
      return [cell(label(row[0])), ...projects.map(p => {
        const f = row.find(x => x.project === p);
        return f ? cellOf(f) : skippedCell();
      })];
    }),
  );
}

/** A row label that is the scenario id, as code (what `--grep` takes). */
export const idLabel = (f: Finding): Text => [code(f.scenario)];
