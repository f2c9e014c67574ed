import type { Finding } from '../findings/schema';
import type { TcpTimers } from '../scenarios/schema';
import { closeCell, ms, msRange, projectsOf } from './cells';
import { cell, code, paragraph, section, skippedCell, table, type Cell, type Section, type Text } from './page-model';

/**
 * The blackhole cuts with the kernel's timers lowered in the browser's namespace: what the page saw when the kernel
 * gave up, each time next to the model's prediction and the conditions it was made under.
 */

const timersOf = (f: Finding): TcpTimers | undefined => (f.fault.kind === 'network-cut' ? f.fault.timers : undefined);

/** The namespace's settings, as sysctls: `tcp_retries2=3`, `tcp_keepalive_time=2 s, intvl=1 s, probes=2`. */
function settingsText(timers: TcpTimers): Text {
  const k = timers.keepalive;
  return [
    ...(timers.tcpRetries2 !== undefined ? [code(`tcp_retries2=${timers.tcpRetries2}`)] : []),
    ...(k ? [code(`tcp_keepalive_time=${k.timeS}`), ', ', code(`intvl=${k.intvlS}`), ', ', code(`probes=${k.probes}`)] : []),
  ];
}

/** What the conditions say next to the close: the model's range and the RTO it started from, or the keepalive found. */
function conditionsText(f: Finding): string {
  const c = f.conditions;
  if (typeof c.predictedGiveUpMs === 'number' && typeof c.giveUpSlackMs === 'number') {
    const decides = c.timerSlackDecides === 'yes' ? ', timer slack decides the expiry' : '';
    return `predicted ${msRange(c.predictedGiveUpMs, c.predictedGiveUpMs + c.giveUpSlackMs)} (initial RTO ${c.initialRtoMs} ms, tick ${c.kernelTickMs} ms${decides})`;
  }
  if (c.keepaliveDueMs === undefined) return 'no socket state read';
  if (c.keepaliveDueMs === 'off') return 'keepalive: off (no SO_KEEPALIVE)';
  return `keepalive: ${c.keepalive}, first probe due ${ms(Number(c.keepaliveDueMs))} after the cut`;
}

function timerCell(f: Finding): Cell {
  const close = closeCell(f);
  return cell([...close.text, ' · ', conditionsText(f)], close.outcome);
}

/** The lowered-timer section; nothing when none ran. */
export function timersSection(findings: readonly Finding[]): Section[] {
  const lowered = findings.filter(f => timersOf(f));
  if (!lowered.length) return [];
  const projects = projectsOf(findings);
  const scenarios = [...new Set(lowered.map(f => f.scenario))];
  const rows = scenarios.map(s => {
    const row = lowered.filter(f => f.scenario === s);
    return [
      cell([code(s)]),
      cell(settingsText(timersOf(row[0])!)),
      ...projects.map(p => {
        const f = row.find(x => x.project === p);
        return f ? timerCell(f) : skippedCell();
      }),
    ];
  });
  return [
    section("The kernel gives up: lowered TCP timers in the browser's namespace", [
      paragraph(
        'The blackhole cuts again, with the browser in a lab namespace whose TCP timers are lowered (the root namespace keeps its own), so the kernel answers within seconds. ' +
          'Times count from the first ',
        code('send()'),
        ' under the cut (idle: from the cut). Predicted: one tail loss probe and one RTO after the send the kernel starts counting; it gives up at the first retransmission timeout ' +
          'at which the time since reaches its tcp_retries2 mark, each RTO doubling from the socket\'s own, measured with ',
        code('ss'),
        ' just before the cut; the range is how late the timer wheel may fire those timers on this kernel\'s tick. ' +
          'Idle: when the socket\'s first keepalive probe was due, and whose keepalive it is.',
      ),
      table(['scenario', "browser namespace's settings", ...projects], rows),
    ]),
  ];
}
