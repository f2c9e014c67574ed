import type { Finding } from '../findings/schema';
import { timeStats } from '../findings/trial-time';
import { ms, projectsOf, timeText } from './cells';
import { cell, code, list, paragraph, section, table, type Cell, type ListItem, type Section } from './page-model';

/**
 * After a heartbeat gave up: how long a reconnect loop takes to a working socket when it starts at once and when it
 * waits for the dead socket's `close`, per engine, and the difference as a sentence computed from those rows.
 */

type Reconnecting = Finding & { fault: { kind: 'heartbeat'; reconnect: NonNullable<Extract<Finding['fault'], { kind: 'heartbeat' }>['reconnect']> } };
const isReconnecting = (f: Finding): f is Reconnecting => f.fault.kind === 'heartbeat' && f.fault.reconnect !== undefined;

/** The median first echo on a new socket, over the trials that got one; null when none did. */
function firstEcho(f: Finding): { median: number; k: number; text: string } | null {
  const echoes = f.trials.flatMap(t => (t.recovery?.toEcho ? [t.recovery.toEcho] : []));
  const stats = timeStats(echoes);
  return stats ? { median: stats.median, k: echoes.length, text: `${timeText(stats, echoes.length)} · ${echoes.length}/${f.summary.n}` } : null;
}

function echoCell(f: Finding | undefined): Cell {
  if (!f) return cell('–', 'skipped');
  const echo = firstEcho(f);
  const gaveUp = f.summary.heartbeat?.pageDead ?? 0;
  return cell(echo ? echo.text : `no echo · 0/${f.summary.n}${gaveUp ? '' : ' (the heartbeat never gave up)'}`);
}

/** Where one engine measured both loops under one fault: how much later the loop that waits for `close` got through. */
function comparison(rows: Reconnecting[], under: string, project: string): ListItem[] {
  const of = (on: string) => rows.find(f => f.fault.under === under && f.fault.reconnect.on === on && f.project === project);
  const [atOnce, onClose] = [of('on-dead'), of('on-close')].map(f => f && firstEcho(f));
  if (!atOnce || !onClose) return [];
  const f = of('on-close')!;
  return [{ text: [`${project} (${f.browserVersion}), `, code(under), `: waiting for `, code('close'), ` got through ${ms(onClose.median - atOnce.median)} later (first echo ${ms(onClose.median)} vs ${ms(atOnce.median)}, medians).`] }];
}

/** The section "Reconnecting after a heartbeat gave up"; nothing when no reconnect scenario ran. */
export function reconnectSection(findings: readonly Finding[]): Section[] {
  const rows = findings.filter(isReconnecting);
  if (!rows.length) return [];
  const projects = projectsOf(rows);
  const unders = [...new Set(rows.map(f => f.fault.under))];
  const ons = ['on-dead', 'on-close'] as const;
  const body = unders.flatMap(under =>
    ons.map(on => {
      const row = rows.filter(f => f.fault.under === under && f.fault.reconnect.on === on);
      const label = row[0] ? row[0].scenario : `${under} ${on}`;
      return [cell([code(label)]), ...projects.map(p => echoCell(row.find(f => f.project === p)))];
    }),
  );
  return [
    section('Reconnecting after a heartbeat gave up', [
      paragraph(
        'The page\'s heartbeat gave up; a plain loop then opens a new socket every retry until one echoes, ',
        code('reconnect-on-dead'),
        ': at once, ',
        code('reconnect-on-close'),
        ': only once the dead socket\'s ',
        code('close'),
        ' event came, as a loop that listens for close alone does. Time from the fault to the first echo on a new socket.',
      ),
      table(['fault → first echo on a new socket', ...projects], body),
      list(unders.flatMap(under => projects.flatMap(p => comparison(rows, under, p)))),
      paragraph(
        'The price of reconnecting fast: the ',
        code('slow-path'),
        ' and ',
        code('bulk-send'),
        ' rows above, where a heartbeat whose timeout is shorter than a live path\'s round trip, or than the wait behind a ',
        'bulk send, gives up on it (weighed in the section before). Packet loss and jitter are not measured (this kernel has no netem).',
      ),
    ]),
  ];
}
