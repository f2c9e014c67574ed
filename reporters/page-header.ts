import type { Calibration, FindingsFile } from '../findings/schema';
import { code, paragraph, section, table, type Block, type Section } from './page-model';

/** The findings page's opening: where and how it was measured, how to read a cell, and which browsers ran. */

const percent = (share: number) => `${Math.round(share * 100)} %`;

function environment(file: FindingsFile): Block {
  const env = file.environment;
  const tcp = Object.entries(env.tcp).map(([k, v]) => `${k}=${v}`).join(', ');
  return paragraph(
    `Measured ${file.generatedAt} by the `,
    code(env.profile),
    ` profile on ${env.os}, kernel ${env.kernel}, Node ${env.node}, Playwright ${env.playwright}. `,
    `Kernel TCP settings where the browsers ran: ${tcp}.`,
  );
}

function load(file: FindingsFile): Block {
  const busy = file.load.cpuBusy === null ? 'its CPU use unknown (not Linux)' : `${percent(file.load.cpuBusy)} of all cores busy over the run`;
  return paragraph(`Machine: ${file.load.cores} cores, ${busy}. Quiet trials had the machine to themselves whatever this says.`);
}

const howTimed: Block = paragraph(
  'Each time is one trial\'s fault → ',
  code('close'),
  ": on the page's clock alone where the page acted, else the fault bracketed on Node's clock and the page's clock " +
    "synced to it the NTP way around the trial; ± is the trial's uncertainty (bracket, sync error, clock resolution, " +
    "the page's event-loop delay). Millisecond-scale trials are measured with the machine to itself (a quiet lock).",
);

const howToRead: Block = paragraph(
  'A cell reads: close code the page saw (',
  code('clean'),
  ' when wasClean) · whether ',
  code('error'),
  ' fired · median time to ',
  code('close'),
  " [an interval for the median] ± the median's own error (from each trial's uncertainty; an opened cell shows every trial's) · k/n trials that closed. " +
    '"no close in 15 s" means nothing closed within the window — a result, not a failure. ' +
    'Where trials differed, each ending is shown with its count and the cell says how many outcomes there were.',
);

function browsers(file: FindingsFile): Block {
  const projects = [...new Set(file.findings.map(f => f.project))].sort();
  return table(
    ['project', 'engine', 'version', 'driver', 'executable'],
    projects.map(p => {
      const f = file.findings.find(x => x.project === p)!;
      return [p, f.engine, f.browserVersion, `${f.driver} (${f.source})`, { text: [code(f.executable)] }];
    }),
  );
}

/** The intro blocks, under the page title. */
export function intro(file: FindingsFile): Block[] {
  return [environment(file), load(file), howTimed, howToRead, browsers(file)];
}

const spread = (x: { median: number; max?: number; maxAbs?: number }) => `${x.median} ms (max ${x.max ?? x.maxAbs} ms)`;

function calibrationRow(c: Calibration): string[] {
  return [
    `${c.project} ${c.browserVersion}`,
    `${c.clockOffsetMs.median} ms (largest ${c.clockOffsetMs.maxAbs} ms either way)`,
    spread(c.residualMs),
    spread(c.roundTripMs),
    spread(c.syncErrorMs),
    `${c.resolutionMs} ms`,
    spread(c.pageLagMs),
    percent(c.machineBusy),
  ];
}

/** The harness's own timing error per project, measured under the quiet lock like the trials it qualifies. */
export function calibrationSection(file: FindingsFile): Section[] {
  if (!file.calibration.length) return [];
  return [
    section('Harness accuracy', [
      paragraph(
        'From ',
        code('specs/calibration.spec.ts'),
        ": pairs of clock syncs a trial's length apart, each pair quiet. Offset: page clock minus Node clock. " +
          'Residual: how far the second offset strays from the first, i.e. the error a corrected trial keeps from its clocks. ' +
          'Round trip: the best of each sync\'s exchanges; sync error is half of it. Page lag: the page\'s event-loop delay meanwhile.',
      ),
      table(
        ['project', 'clock offset, median', 'residual after correction', 'round trip', 'sync error', 'clock resolution', 'page lag', 'machine busy'],
        file.calibration.map(calibrationRow),
      ),
    ]),
  ];
}
