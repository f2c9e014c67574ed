import { compareWithRecorded, type ExpectationFile } from '../../findings/expectations';
import type { Finding } from '../../findings/schema';
import { cell, paragraph, strong, table, type Block } from '../page-model';

/**
 * Recorded vs observed for one finding: each outcome record seen in this run with its count beside the records of
 * the expectation (findings/expected/<profile>/<project>.json), and the verdict by the specs' own rule.
 */

/** The verdict in one sentence, by findings/expectations' compareWithRecorded. */
function verdict(expected: ExpectationFile['scenarios'][string], f: Finding): Block {
  const c = compareWithRecorded(expected, f);
  if (c.matches) return paragraph(strong('As recorded'), ` (on ${expected.browserVersion}): every outcome seen before, the same trend, the time within the allowance.`);
  const why = [
    ...(c.unseen.length ? [`${c.unseen.length} outcome${c.unseen.length > 1 ? 's' : ''} never seen when it was recorded`] : []),
    ...(c.trendChanged ? [`the trend was ${expected.trend}, now ${f.summary.trend}`] : []),
    ...(c.drift ? [`the time moved: ${c.drift}`] : []),
  ];
  return paragraph(strong('Differs from the recording'), ` (on ${expected.browserVersion}): ${why.join('; ')}.`);
}

/** The comparison's blocks; a sentence alone when nothing was recorded for this scenario and project. */
export function recordedBlocks(f: Finding, expected: ExpectationFile | undefined): Block[] {
  const recorded = expected?.scenarios[f.scenario];
  if (!recorded) return [paragraph('Nothing recorded for this scenario and project in this profile yet (', strong('npm run research'), ' records it).')];
  const observed = new Map(f.summary.outcomes.map(o => [o.record, o.count]));
  const records = [...new Set([...f.summary.outcomes.map(o => o.record), ...recorded.records])];
  return [
    verdict(recorded, f),
    table(
      ['outcome record', `observed (${f.browserVersion})`, `recorded (${recorded.browserVersion})`],
      records.map(r => {
        const seen = observed.get(r);
        const was = recorded.records.includes(r);
        // A record seen now but never before is what fails the spec: it stands out.
        return [cell(seen && !was ? [strong(r)] : [r]), seen ? `${seen}/${f.summary.n}` : '–', was ? 'yes' : 'no'];
      }),
    ),
  ];
}
