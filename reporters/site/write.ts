import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectationsDirOf } from '../../findings/expectations';
import { loadRun } from './runs';
import { renderSite } from './site';

// findings/expected/, whose per-profile folders hold the recorded expectations.
const expectedRoot = path.dirname(expectationsDirOf('quick'));

/**
 * Writes `reportsDir/index.html` from the findings.json files under it (quick at its top, full in `full/`), each
 * only if it parses; returns the page's path and a line per run left out, for the reporter to print.
 */
export function writeSite(reportsDir: string, expectedDir = expectedRoot): { file: string; notes: string[] } {
  const runs = (['quick', 'full'] as const).map(profile => loadRun(reportsDir, profile, expectedDir));
  const file = path.join(reportsDir, 'index.html');
  writeFileSync(file, renderSite(runs));
  return { file, notes: runs.flatMap(r => (r.note ? [`${r.profile}: ${r.note.split('\n')[0]}`] : [])) };
}
