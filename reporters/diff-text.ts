/**
 * The diff's words, shared by its Markdown and HTML renderings so both say the same thing: the headline, how a
 * time and a browser are written.
 */
import type { z } from 'zod';
import type { FindingsDiff, RowChange, RowState, VersionRow } from '../findings/diff';
import type { TimeStats } from '../findings/schema';

/** The names the two runs go by on the page (their file paths, usually). */
export interface DiffNames {
  was: string;
  now: string;
}

/** `12.3 ms [10.1, 14.2] ± 1.5`: median, the median's interval and the uncertainty, as the rule compares them. */
export function describeTime(t: z.infer<typeof TimeStats> | null): string {
  return t ? `${t.median} ms [${t.medianInterval.lo}, ${t.medianInterval.hi}] ± ${t.uncertaintyMs}` : 'no close';
}

/** `3 of 5`: how many of a row's trials had an outcome. */
export const trialCount = (o: { count: number }, row: RowState): string => `${o.count} of ${row.n}`;

/** How one outcome record fared in a row seen by both runs: which side saw it, and in how many trials each. */
export interface OutcomeLine {
  mark: 'gone' | 'new' | 'same';
  record: string;
  /** `3 of 5`, or `3 of 5 → 2 of 5` for a record both runs saw. */
  count: string;
}

/** A changed row's outcome records in diff order: the old run's (kept or gone), then those only the new run saw. */
export function outcomeLines(c: RowChange): OutcomeLine[] {
  const was = c.was!;
  const now = c.now!;
  const newCount = (record: string) => now.outcomes.find(o => o.record === record);
  return [
    ...was.outcomes.map(o => {
      const after = newCount(o.record);
      return after
        ? { mark: 'same' as const, record: o.record, count: `${trialCount(o, was)} → ${trialCount(after, now)}` }
        : { mark: 'gone' as const, record: o.record, count: trialCount(o, was) };
    }),
    ...now.outcomes.filter(o => !was.outcomes.some(w => w.record === o.record)).map(o => ({ mark: 'new' as const, record: o.record, count: trialCount(o, now) })),
  ];
}

/** A project's browser in one run: versions, source and driver (`–` when the run has no such project). */
export function describeBrowser(side: VersionRow['was']): string {
  return side ? `${side.versions.join(', ')} (${side.sources.join('/')} build, ${side.drivers.join('/')} driver)` : '–';
}

/** The diff's changes by kind, in the order the page shows them. */
export function sections(diff: FindingsDiff) {
  return {
    outcome: diff.changes.filter(c => c.outcome),
    time: diff.changes.filter(c => c.time),
    added: diff.changes.filter(c => c.presence === 'added'),
    gone: diff.changes.filter(c => c.presence === 'gone'),
  };
}

/** A sentence that says at once whether behaviour changed, and how much else did. */
export function headline(diff: FindingsDiff): string {
  const { outcome, time, added, gone } = sections(diff);
  const upgraded = diff.versions.filter(v => v.changed && v.was && v.now).length;
  const rest = `${added.length} row(s) added, ${gone.length} gone, ${diff.unchanged} unchanged; ${upgraded} browser version change(s)`;
  return diff.behaviourChanged
    ? `Behaviour changed: ${outcome.length} outcome change(s), ${time.length} time move(s); ${rest}.`
    : `No behaviour change: no outcome changed and no time moved beyond its uncertainties; ${rest}.`;
}

/** What the time table's columns mean, in one sentence. */
export const timeRule =
  'Median [interval] ± uncertainty, in ms; moved means the intervals, widened by their uncertainties and the allowance, no longer overlap.';
