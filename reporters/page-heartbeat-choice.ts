import type { Finding, TrialObservation } from '../findings/schema';
import { pagePings, serverPings } from '../scenarios/heartbeat';
import { drainMs } from '../scenarios/schema';
import { duration, ms } from './cells';
import { cell, code, paragraph, section, table, type Cell, type Section, type Text } from './page-model';

/**
 * "Which heartbeat to choose", computed from the heartbeat rows: per setting (strategy, interval, timeout), the dead
 * paths it was measured under and how many trials it caught, the latest detection over every engine and page state,
 * the false alarms on the live paths, and its cost in messages per minute; then the fastest setting that caught every
 * trial and raised no alarm, among those measured. Nothing is typed in: a setting not measured under a fault says so.
 */

type HeartbeatRow = Finding & { fault: { kind: 'heartbeat' } };
const isPlain = (f: Finding): f is HeartbeatRow => f.fault.kind === 'heartbeat' && !f.fault.reconnect;

// A live path (nothing fails): any giving up there is a false alarm. The kill is the control: the FIN comes first.
const LIVE = new Set(['slow-path', 'bulk-send', 'proxy-idle']);
const CONTROL = 'server-kill';

/** When the watching side gave up in a trial (the earlier side where both watch), or null. */
function gaveUpAt(t: TrialObservation): number | null {
  const times = [t.heartbeat?.pageToDead?.ms, t.heartbeat?.serverToDead?.ms].filter((x): x is number => x !== undefined);
  return times.length ? Math.min(...times) : null;
}

interface Setting {
  label: string;
  intervalMs: number;
  messagesPerMinute: number;
  dead: HeartbeatRow[];
  live: HeartbeatRow[];
}

function settingsOf(rows: readonly HeartbeatRow[]): Setting[] {
  const bySetting = new Map<string, Setting>();
  for (const f of rows) {
    const h = f.fault.heartbeat;
    const label = `${h.strategy} ${h.preset} (every ${duration(h.intervalMs)}, timeout ${duration(h.timeoutMs)})`;
    // A ping and its answer per interval from each side that pings.
    const sides = (pagePings(h) ? 1 : 0) + (serverPings(h) ? 1 : 0);
    const setting = bySetting.get(label) ?? { label, intervalMs: h.intervalMs, messagesPerMinute: (2 * sides * 60_000) / h.intervalMs, dead: [], live: [] };
    if (LIVE.has(f.fault.under)) setting.live.push(f);
    else if (f.fault.under !== CONTROL) setting.dead.push(f);
    bySetting.set(label, setting);
  }
  return [...bySetting.values()];
}

/** The fault as the table names it: its proxy, its live path's round trip or queue, its page state. */
function faultName(f: HeartbeatRow): string {
  const { under, proxy, oneWayDelayMs, bulkSend } = f.fault;
  const detail = proxy
    ? ` (${proxy.name})`
    : oneWayDelayMs
      ? ` (round trip ${duration(2 * oneWayDelayMs)})`
      : bulkSend
        ? ` (${duration(drainMs(bulkSend))} queue)`
        : '';
  const hidden = f.pageState === 'hidden' ? ` hidden${f.fault.leadMs ? ` for ${duration(f.fault.leadMs)}` : ''}` : '';
  return `${under}${detail}${hidden}`;
}

/** Caught k of n dead-path trials, and the latest detection among them. */
function caught(s: Setting): { k: number; n: number; latest: number | null; missed: string[] } {
  const trials = s.dead.flatMap(f => f.trials.map(t => ({ f, at: gaveUpAt(t) })));
  const times = trials.flatMap(t => (t.at === null ? [] : [t.at]));
  const missed = [...new Set(trials.filter(t => t.at === null).map(t => `${faultName(t.f)} in ${t.f.project}`))];
  return { k: times.length, n: trials.length, latest: times.length ? Math.max(...times) : null, missed };
}

/** False alarms over the live paths, and per live path as text (`bulk-send (4 s queue) 3/3`). */
function alarms(s: Setting): { k: number; n: number; text: string } {
  const count = (fs: readonly HeartbeatRow[]) => {
    const trials = fs.flatMap(f => f.trials);
    return { k: trials.filter(t => gaveUpAt(t) !== null).length, n: trials.length };
  };
  const paths = [...new Set(s.live.map(faultName))].sort();
  const text = paths.map(p => {
    const c = count(s.live.filter(f => faultName(f) === p));
    return `${p} ${c.k}/${c.n}`;
  });
  return { ...count(s.live), text: text.join(' · ') };
}

function row(s: Setting): Cell[] {
  const c = caught(s);
  const a = alarms(s);
  const faults = [...new Set(s.dead.map(faultName))].sort().join(', ') || 'none';
  return [
    cell([code(s.label)]),
    cell(faults),
    cell(`${c.k}/${c.n}${c.missed.length ? ` (missed: ${c.missed.join('; ')})` : ''}`, c.k === c.n ? 'clean-close' : 'varies'),
    cell(c.latest === null ? '–' : ms(c.latest)),
    cell(a.n ? a.text : 'not measured', a.n === 0 ? 'skipped' : a.k ? 'error' : 'clean-close'),
    cell(`${Math.round(s.messagesPerMinute)}`),
  ];
}

/** The fastest setting that caught every dead-path trial and raised no alarm on a measured live path, as a sentence. */
function verdict(settings: readonly Setting[]): Text {
  const sound = settings
    .map(s => ({ s, c: caught(s), a: alarms(s) }))
    .filter(({ c, a }) => c.n > 0 && c.k === c.n && a.n > 0 && a.k === 0)
    .sort((x, y) => x.c.latest! - y.c.latest!);
  if (!sound.length) return ['No setting measured here caught every dead-path trial without a false alarm on a measured live path.'];
  const { s, c } = sound[0];
  return [
    'Among the settings measured here, the fastest that caught every dead-path trial it was run under and raised no false alarm on a live path: ',
    code(s.label),
    `, detecting within ${ms(c.latest!)} at worst, for ${Math.round(s.messagesPerMinute)} messages a minute. It was measured under: ${[...new Set(s.dead.map(faultName))].sort().join(', ')}.`,
  ];
}

/** The section "Which heartbeat to choose"; nothing when no heartbeat scenario ran. */
export function heartbeatChoiceSection(findings: readonly Finding[]): Section[] {
  const settings = settingsOf(findings.filter(isPlain));
  if (!settings.length) return [];
  return [
    section('Which heartbeat to choose', [
      paragraph(
        'Each heartbeat setting measured above, over every engine and page state: the dead paths it ran under and how many ',
        'trials it caught, the latest of them to give up (from the fault), its false alarms on the live paths (',
        code('slow-path'),
        ', ',
        code('bulk-send'),
        ', ',
        code('proxy-idle'),
        ': any giving up there is one), and its cost: a ping and its answer per interval from each side that pings. ',
        'In the quick profile the presets whose window passes 10 s run at a tenth of their intervals, as shown.',
      ),
      table(['setting', 'dead paths', 'caught', 'latest detection', 'false alarms', 'messages / min'], settings.map(row)),
      paragraph(...verdict(settings)),
    ]),
  ];
}
