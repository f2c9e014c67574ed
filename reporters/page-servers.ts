import type { Finding } from '../findings/schema';
import { closeCell, counted, idLabel, matrix, ms, projectsOf } from './cells';
import { cell, code, list, paragraph, section, type Cell, type Section } from './page-model';

/** The server as a process, and real proxies in front of it, on the findings page. */

const isServerSide = (f: Finding) => f.fault.kind === 'server-process' || f.fault.kind === 'proxy';

/** The close cell, then what reached the browser on the wire, the echoes after a freeze, the reconnect after a restart. */
function serverCell(f: Finding): Cell {
  const close = closeCell(f);
  const extra: string[] = [];
  const wires = f.trials.flatMap(t => (t.wire === null ? [] : [t.wire]));
  if (wires.length) extra.push(`wire ${counted(wires, f.trials.length)}`);
  const delivered = f.trials.flatMap(t => (t.delivery?.sent ? [`${t.delivery.received}/${t.delivery.sent} to server, ${t.delivery.returned ?? '–'} back, ${t.delivery.duplicated + (t.delivery.returnedTwice ?? 0)} twice`] : []));
  if (delivered.length) extra.push(counted(delivered, f.trials.length));
  const echoes = f.trials.flatMap(t => (t.recovery?.toEcho ? [t.recovery.toEcho.ms] : []));
  if (echoes.length) extra.push(`first echo after ${echoes.map(ms).join(', ')} (${f.trials.map(t => t.recovery?.attempts ?? 0).join(', ')} sockets)`);
  return cell([...close.text, ...extra.map(e => ` · ${e}`)], close.outcome);
}

/** The section "When the server or a proxy fails"; nothing when none of its scenarios ran. */
export function serversSection(findings: readonly Finding[]): Section[] {
  const rows = findings.filter(isServerSide);
  if (!rows.length) return [];
  const projects = projectsOf(findings);
  const proxies = [...new Set(rows.flatMap(f => (typeof f.conditions.proxy === 'string' ? [f.conditions.proxy] : [])))];
  const table = matrix(rows, projects, 'scenario', idLabel, serverCell);
  const mechanisms = [...new Map(rows.map(f => [f.scenario, f.mechanism])).entries()];
  return [
    section('When the server or a proxy fails', [
      paragraph(
        'The server runs as an OS process of its own (killed, terminated, stopped with SIGSTOP, restarted on its port); ',
        'the proxies are the distribution\'s, started by the suite on a generated config',
        proxies.length ? ` (${proxies.join(', ')})` : '',
        '. ',
        code('wire'),
        ' is what a loopback capture saw leave the server\'s or the proxy\'s port toward the browser: FIN, RST, or none.',
      ),
      paragraph(
        'Idle timeouts: 3 s in the quick profile. The full profile runs what a stock install gives a WebSocket: nginx\'s default ',
        code('proxy_read_timeout'),
        ', 60 s; HAProxy has no default, and the haproxy.cfg Debian\'s package ships sets no ',
        code('timeout tunnel'),
        ' but ',
        code('timeout client'),
        ' and ',
        code('timeout server'),
        ' 50 s, which then time an idle tunnel: 50 s (HAProxy\'s manual, "timeout tunnel"; its example there sets 1 h).',
      ),
      table,
      list(mechanisms.map(([scenario, mechanism]) => ({ text: [code(scenario), `: ${mechanism}`] }))),
      paragraph(
        'What a client can tell apart: only a server that sends a close frame (a SIGTERM handler with 1001) gives a code ',
        'and a reason; a killed server, a killed proxy, a proxy\'s idle timeout, a reload\'s deadline and a dead server ',
        'behind a proxy all arrive as the same 1006 with wasClean=false, FIN or RST alike. A frozen server and a dead path ',
        'behind a proxy arrive as nothing at all: only the page\'s own heartbeat (a message it expects an answer to) can ',
        'notice them, and messages sent into a freeze are delivered late, not lost. Keep application traffic more ',
        'frequent than the proxy\'s idle timeout, in either direction.',
      ),
    ]),
  ];
}
