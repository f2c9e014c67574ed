import type { Finding } from '../findings/schema';
import { closeCell, counted, idLabel, matrix, ms, projectsOf, timeText } from './cells';
import { cell, code, list, paragraph, section, strong, type Cell, type ListItem, type Section, type Text } from './page-model';

/** The findings page's matrices: wire close frames, client closes, deviations, every scenario, every record. */

function describeReason(reason: string): string {
  const bytes = Buffer.byteLength(reason);
  return reason.length <= 20 ? JSON.stringify(reason) : `${bytes}-byte reason`;
}

/** A wire close frame as sent: its code (or no payload at all), its reason, a byte that breaks UTF-8. */
function wireLabel(f: Finding): Text {
  const fault = f.fault;
  if (fault.kind !== 'wire-close') return idLabel(f);
  const status = fault.code === null ? 'empty payload' : String(fault.code);
  const reason = fault.reason ? ` + ${describeReason(fault.reason)}` : '';
  return [code(`${status}${reason}${fault.invalidUtf8 ? ' + 0xFF' : ''}`), ...(fault.invalidUtf8 ? [' (invalid UTF-8)'] : [])];
}

const leaving = { navigate: 'the page navigates away', reload: 'the page reloads', 'close-tab': 'the tab closes' } as const;

/** The page's own act: the `close()` call with its arguments, or how the page went away. */
function clientLabel(f: Finding): Text {
  const fault = f.fault;
  if (fault.kind === 'page-gone') return [leaving[fault.how]];
  if (fault.kind !== 'client-close') return idLabel(f);
  const args = [fault.code === undefined ? null : String(fault.code), fault.reason === undefined ? null : describeReason(fault.reason)];
  return [code(`close(${args.filter(a => a !== null).join(', ')})`)];
}

/** What each trial's call did and what the server received, with counts, then what the page saw. */
function clientCell(f: Finding): Cell {
  const acts = f.trials.map(t => {
    const call = t.events.find(e => e.startsWith('close()'))?.replace('threw:', ' threw ');
    return `${call ? `${call} · ` : ''}server saw ${t.serverSaw}`;
  });
  const page = closeCell(f, false);
  return cell([counted(acts, f.trials.length), ' → page: ', ...page.text], page.outcome);
}

function deviationItem(f: Finding): ListItem {
  return { text: [strong(`${f.project} ${f.browserVersion}`), ', ', code(f.scenario), `: ${f.deviation}`] };
}

function recordItem(f: Finding): ListItem {
  const s = f.summary;
  const t = s.msToClose;
  const time = t ? ` · median ${timeText(t, s.closed)}, p95 ${ms(t.p95)}, min ${ms(t.min)}, max ${ms(t.max)}` : '';
  return {
    text: [code(f.scenario), ` · ${f.project} ${f.browserVersion} · ${s.closed}/${s.n} closed${time}`],
    items: s.outcomes.map(o => [`${o.record} (${o.count}/${s.n})`]),
  };
}

const ofKind = (findings: readonly Finding[], ...kinds: Finding['fault']['kind'][]) => findings.filter(f => kinds.includes(f.fault.kind));

/** Wire close frames and client closes, each as a scenario × project matrix; nothing for what did not run. */
export function closeMatrices(findings: readonly Finding[]): Section[] {
  const projects = projectsOf(findings);
  const wire = ofKind(findings, 'wire-close');
  const client = ofKind(findings, 'client-close', 'page-gone');
  return [
    ...(wire.length ? [section('Close frames on the wire → what the page reports', [matrix(wire, projects, 'sent by the server', wireLabel, closeCell)])] : []),
    ...(client.length
      ? [section('The page closes → what close() did and what the server received', [matrix(client, projects, 'the page', clientLabel, clientCell)])]
      : []),
  ];
}

/** Deviations from the standard, every scenario in one matrix, and every record with its count. */
export function closingSections(findings: readonly Finding[]): Section[] {
  const deviations = findings.filter(f => f.deviation);
  return [
    section('Deviations from the standard', [deviations.length ? list(deviations.map(deviationItem)) : paragraph('None observed in this run.')]),
    section('Every scenario', [matrix(findings, projectsOf(findings), 'scenario', idLabel, closeCell)]),
    section('Records', [
      paragraph('The whole outcome per scenario and project, as the specs compare it, each with how many trials had it; and the time to ', code('close'), ' over the trials that closed.'),
      list(findings.map(recordItem)),
    ]),
  ];
}
