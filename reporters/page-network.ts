import type { Finding } from '../findings/schema';
import { closeCell, counted, duration, idLabel, matrix, projectsOf } from './cells';
import { cell, code, paragraph, section, skippedCell, table, type Cell, type Section } from './page-model';

/** The seed's question, on the findings page: the network is cut under an open socket. */

// Cuts under lowered kernel timers have a section of their own (./page-timers), with the model's predictions.
const isCut = (f: Finding) => f.fault.kind === 'network-cut' && !f.fault.timers;
const isRestore = (f: Finding) => f.fault.kind === 'network-cut' && f.fault.traffic === 'restore';

/** The close cell, then what each trial's first `send()` after the cut did, with counts. */
function cutCell(f: Finding): Cell {
  const close = closeCell(f);
  const firsts = f.trials.flatMap(t => t.sends.slice(0, 1));
  if (!firsts.length) return close;
  return cell([...close.text, ' · first send(): ', counted(firsts, f.trials.length)], close.outcome);
}

function cutTable(cuts: readonly Finding[], projects: readonly string[]) {
  const scenarios = [...new Set(cuts.map(f => f.scenario))];
  return table(
    ['scenario', 'what ends the connection', ...projects],
    scenarios.map(s => {
      const row = cuts.filter(f => f.scenario === s);
      return [
        cell([code(s)]),
        row[0].mechanism,
        ...projects.map(p => {
          const f = row.find(x => x.project === p);
          return f ? cutCell(f) : skippedCell();
        }),
      ];
    }),
  );
}

/** Messages sent during a short cut: how many reached the server, how many during the cut, how many twice. */
export function deliveryCell(f: Finding): Cell {
  const per = f.trials.flatMap(t =>
    t.delivery ? [`${t.delivery.received}/${t.delivery.sent} delivered, ${t.delivery.receivedDuringCut} during the cut, ${t.delivery.duplicated} twice`] : [],
  );
  return cell(per.length ? counted(per, f.trials.length) : '–');
}

/** The network-cut section and its restore-delivery table; nothing when no cut ran. */
export function networkSection(findings: readonly Finding[]): Section[] {
  const cuts = findings.filter(isCut);
  if (!cuts.length) return [];
  const projects = projectsOf(findings);
  const windows = [...new Set(cuts.map(f => f.windowMs))].sort((a, b) => a - b).map(duration);
  const restores = cuts.filter(isRestore);
  return [
    section('The network is cut under an open socket', [
      paragraph(
        `Windows: ${windows.join(', ')}. Each trial is one socket under a cut of its own. After each cell, what the first `,
        code('send()'),
        ' after the cut did in each trial (',
        code('ok'),
        ': it did not throw), readyState and bufferedAmount before→after, with how many trials did that.',
      ),
      cutTable(cuts, projects),
      ...(restores.length
        ? [
            paragraph('After a short cut is lifted: of the messages the page sent during the cut, how many reached the server, how many of them while still cut, how many twice (per trial, with counts).'),
            matrix(restores, projects, 'scenario', idLabel, deliveryCell),
          ]
        : []),
    ]),
  ];
}
