import type { Finding, HeartbeatSummary } from '../findings/schema';
import { drainMs, keepsTunnelOpen, outlastsBulkSend, outlastsSlowPath } from '../scenarios/schema';
import { duration, matrix, msRange, outcomeOfAll, projectsOf, timeText } from './cells';
import { cell, code, list, paragraph, section, type Cell, type Section, type Text } from './page-model';

/** Heartbeats on the findings page: when each side gave up under each fault, and the close() after it. */

type HeartbeatFinding = Finding & { fault: { kind: 'heartbeat' } };
const isHeartbeat = (f: Finding): f is HeartbeatFinding => f.fault.kind === 'heartbeat';

/** The row: the scenario, and the window the model allows (timeout to interval + timeout after the fault). */
function label(f: Finding): Text {
  if (!isHeartbeat(f)) return [code(f.scenario)];
  const { intervalMs, timeoutMs } = f.fault.heartbeat;
  const { under, proxy } = f.fault;
  if (under === 'slow-path') {
    const trip = `round trip ${duration(2 * (f.fault.oneWayDelayMs ?? 0))}${f.fault.lossPercent ? `, ${f.fault.lossPercent} % loss` : ''}`;
    return [code(f.scenario), ` (ping every ${duration(intervalMs)}, timeout ${duration(timeoutMs)}; a live path, ${trip}${outlastsSlowPath(f.fault) ? ': nothing due to give up' : ''})`];
  }
  if (under === 'bulk-send' && f.fault.bulkSend)
    return [code(f.scenario), ` (ping every ${duration(intervalMs)}, timeout ${duration(timeoutMs)}; a live path, ${duration(drainMs(f.fault.bulkSend))} of queue behind a bulk send${outlastsBulkSend(f.fault) ? ': nothing due to give up' : ''})`];
  if (under === 'proxy-idle' && proxy)
    return [code(f.scenario), ` (ping every ${duration(intervalMs)}; the proxy's idle timeout ${duration(proxy.idleTimeoutMs)}${keepsTunnelOpen(f.fault) ? ': nothing due to end' : ''})`];
  return [code(f.scenario), ` (ping every ${duration(intervalMs)}; model ${msRange(timeoutMs, intervalMs + timeoutMs)})`];
}

/** One side's detections: `page gave up 2.1 s [1.9–2.4] ±3.1 ms · 5/5`. */
function side(name: string, k: number, n: number, stats: HeartbeatSummary['pageToDead']): string {
  return stats ? `${name} gave up ${timeText(stats, k)} · ${k}/${n}` : `${name} did not give up · 0/${n}`;
}

/** What each watching side did, then close() on the dead socket to its `close` event, or the close that came first. */
function heartbeatCell(f: Finding): Cell {
  const h = f.summary.heartbeat;
  if (!isHeartbeat(f) || !h) return cell('–', 'skipped');
  const { strategy } = f.fault.heartbeat;
  const n = f.summary.n;
  const parts: string[] = [];
  if (strategy !== 'server-ping') parts.push(side('page', h.pageDead, n, h.pageToDead));
  // How late the page's own deadline timer fired: where a hidden page's throttling shows.
  if (h.deadlineLate) parts.push(`its deadline timer late by ${timeText(h.deadlineLate, h.pageDead)}`);
  if (strategy !== 'client-ping') parts.push(side('server', h.serverDead, n, h.serverToDead));
  const lost = f.trials.flatMap(t => (t.packetsLost === null ? [] : [t.packetsLost]));
  if (lost.length) parts.push(`packets lost per trial ${lost.join(', ')}`);
  if (h.closeCalls)
    parts.push(h.closeAfterCall ? `close() → close ${timeText(h.closeAfterCall, h.closedAfterCall)} · ${h.closedAfterCall}/${h.closeCalls}` : `close() → no close in the window · 0/${h.closeCalls}`);
  const ends = [...new Set(f.trials.flatMap(t => (t.closeCode === null ? [] : [`${t.closeCode}${t.wasClean ? ' clean' : ''} · error ${t.errorFired ? 'yes' : 'no'}`])))];
  const s = f.summary;
  if (s.msToClose) parts.push(`fault → close ${ends.join(' / ')} ${timeText(s.msToClose, s.closed)} · ${s.closed}/${n}`);
  // Coloured by how the page's socket ended, as every other cell is.
  return cell(parts.join(' · '), outcomeOfAll(f.trials));
}

/** The section "Which heartbeat detects what, how fast"; nothing when no heartbeat scenario ran. */
export function heartbeatSection(findings: readonly Finding[]): Section[] {
  const rows = findings.filter(isHeartbeat);
  if (!rows.length) return [];
  const projects = projectsOf(rows);
  // One line per project and page state (the hidden-page rows run under other timer conditions).
  const conditionLines = rows.map(
    f => `${f.project} (${f.browserVersion}): page ${f.conditions.pageVisibility ?? 'visibility not recorded'}; ${f.conditions.timerThrottling ?? 'timer conditions not recorded'}`,
  );
  const conditions = [...new Set(conditionLines)].sort().map(line => ({ text: [line] }));
  const under = (f: HeartbeatFinding) => (f.fault.proxy ? `${f.fault.under} (${f.fault.proxy.name})` : f.fault.reconnect ? `${f.fault.under}, reconnect ${f.fault.reconnect.on}` : f.fault.under);
  const mechanisms = [...new Map(rows.map(f => [under(f), f.mechanism])).entries()];
  return [
    section('Which heartbeat detects what, how fast', [
      paragraph(
        'A heartbeat against faults that leave the socket open. ',
        code('client-ping'),
        ': the page sends ',
        code('hb-N'),
        ' every interval to an echo server and gives up when ping N has had no echo for the timeout, then calls ',
        code('close()'),
        '; ',
        code('server-ping'),
        ': the server sends protocol pings (the browser answers them itself) and terminates the connection the same way. ',
        'Times run from the fault (Node clock) to giving up (the page\'s clock synced to Node\'s, or the server\'s); ',
        code('close() → close'),
        ' is on the page\'s clock: how long a reconnect loop that waits for ',
        code('close'),
        ' is stuck. The fault lands at a random phase of the ping period. Presets copy the libraries\' defaults ',
        '(scenarios/heartbeat, with sources); the quick profile divides those longer than 10 s by ten. ',
        'Through a proxy (nginx, HAProxy, started as in the section on proxies): ',
        code('proxy-idle'),
        ' has the heartbeat as the tunnel\'s only traffic against the proxy\'s idle timeout; ',
        code('proxy-upstream-blackhole'),
        ' drops every packet between the proxy and the server. ',
        code('reconnect-on-dead'),
        ' / ',
        code('reconnect-on-close'),
        ': the page then opens a new socket every retry, at once or only after the dead one\'s ',
        code('close'),
        ' event (its first echo: the next section). ',
        code('slow-path'),
        ': no fault, the path only turns slow (a relay holds every byte back, TCP sees loopback); ',
        code('bulk-send'),
        ': no fault, the page sends 1 MiB at once into a narrow uplink whose buffer takes it all; any giving up on either is a false alarm. ',
        code(':hidden'),
        ': the page is behind another tab, with its engine\'s own hidden-page timer throttling (Playwright turns it off for the others).',
      ),
      matrix(rows, projects, 'heartbeat under fault', label, heartbeatCell),
      list(mechanisms.map(([under, mechanism]) => ({ text: [code(under), `: ${mechanism}`] }))),
      paragraph('The pages\' timer conditions, which stretch a page\'s heartbeat where they throttle it:'),
      list(conditions),
    ]),
  ];
}
