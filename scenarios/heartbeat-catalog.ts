import { type Heartbeat, heartbeatPreset, HeartbeatPresetName, HeartbeatStrategy, INTENSIVE_GRACE_MS, INTENSIVE_WAKE_UP_MS, pagePings } from './heartbeat';
import { proxyIdleMs } from './catalog';
import type { Profile } from './profile';
import { defineScenario, drainMs, dropsPackets, HeartbeatFault, type HeartbeatProxy, HeartbeatReconnect, HeartbeatUnder, type PageState, ProxyName, type Scenario, throughProxy } from './schema';

/**
 * How long a page that called close() on a dead socket is watched for its `close` event: past every engine's
 * closing-handshake timer seen on a dead path (the longest, Chromium's, 60 s), with room for its lateness.
 */
const CLOSE_WATCH_MS = 70_000;
/**
 * Quick times that close on the dead paths (blackhole, frozen server, dead upstream; n = 5). Under offline emulation
 * and the server-kill control the window ends this long past the latest detection, so at most 3 s after a close():
 * short of every engine's closing-handshake timer (the shortest, WebKitGTK's, about 5 s), and a Chromium page does not
 * hold a worker for its 60 s. A glance under the frozen server raced WebKitGTK's timer: the page's events are read
 * after the window, and its close at about 5.3 s fell in.
 */
const CLOSE_GLANCE_MS = 2_000;
// A server that terminates a dead connection reports it at once; this only bounds a late timer.
const SERVER_WATCH_MS = 3_000;

/**
 * Behind a dead path from the proxy to the server, the proxy's idle timeout is set out of every window (the longest:
 * a full preset's interval + timeout + the glance), so what the page sees is the heartbeat's doing alone.
 */
const UPSTREAM_BLACKHOLE_IDLE_MS = 10 * 60_000;

/**
 * One heartbeat under one fault (through `proxy` where the fault is the proxy's); the window outlasts the latest
 * detection the model allows, and the close after it where that close is timed (`closeTimed`). Under `proxy-idle`
 * nothing is due to fail: the heartbeat alone crosses the proxy for three of its idle timeouts.
 */
function heartbeatScenario(heartbeat: Heartbeat, under: HeartbeatUnder, closeTimed = true, proxy?: HeartbeatProxy, pageState: PageState = 'visible'): Scenario {
  const latest = heartbeat.intervalMs + heartbeat.timeoutMs;
  const pageWatches = heartbeat.strategy !== 'server-ping';
  const watchMs = under === 'proxy-idle' ? 3 * proxy!.idleTimeoutMs + 500 : latest + (pageWatches ? (closeTimed ? CLOSE_WATCH_MS : CLOSE_GLANCE_MS) : SERVER_WATCH_MS);
  return defineScenario({
    id: `heartbeat:${heartbeat.strategy}:${heartbeat.preset}:${under}${proxy ? `:${proxy.name}` : ''}${pageState === 'hidden' ? ':hidden' : ''}`,
    fault: { kind: 'heartbeat', heartbeat, under, ...(proxy ? { proxy } : {}) },
    pageState,
    windowMs: watchMs,
    // The close after close() on a dead path is the engine's own timer: five trials for its median and interval.
    trials: closeTimed && pageWatches ? 5 : 3,
    quiet: false,
  });
}

// A reconnect loop's fixed delay between attempts, as a plain page's (no backoff, no jitter).
const RECONNECT_RETRY_MS = 500;
/**
 * Offline emulation is lifted this long after it struck: 1.5 s past the fast preset's latest detection (2.5 s), so
 * every trial's heartbeat has given up first and no pong can come back in time to rescue the dead socket.
 */
const OFFLINE_RESTORE_MS = 4_000;
/**
 * Under offline emulation the dead socket's close frame is held, not lost: it closes once the network is back
 * (Chromium: within 0.3 s of it) and the loop gets through within a retry; the window, counted from the network's
 * return, leaves room for both. Firefox never gives up there (its pongs still come), so its trials wait it out.
 */
const OFFLINE_RECONNECT_WATCH_MS = 10_000;

/**
 * What a reconnecting page lives through after its heartbeat gave up: a new socket at once or only after the dead
 * one's `close`. The window outlasts the dead socket's close (under a blackhole the engines' closing-handshake timers,
 * up to 60 s), so the record holds both it and the new socket's first echo.
 */
function reconnectScenario(heartbeat: Heartbeat, under: 'blackhole' | 'offline', on: HeartbeatReconnect['on']): Scenario {
  const reconnect = { on, retryMs: RECONNECT_RETRY_MS, ...(under === 'offline' ? { restoreAfterMs: OFFLINE_RESTORE_MS } : {}) };
  return defineScenario({
    id: `heartbeat:${heartbeat.strategy}:${heartbeat.preset}:${under}:reconnect-${on}`,
    fault: { kind: 'heartbeat', heartbeat, under, reconnect },
    windowMs: under === 'offline' ? OFFLINE_RECONNECT_WATCH_MS : heartbeat.intervalMs + heartbeat.timeoutMs + CLOSE_WATCH_MS,
    trials: 5,
    quiet: false,
  });
}

/** The fast page-side heartbeat, then a reconnect at once or after the close, under a dead connection or a network that comes back. */
export function heartbeatReconnectScenarios(profile: Profile): Scenario[] {
  const page = heartbeatPreset('fast', profile, 'client-ping');
  return (['blackhole', 'offline'] as const).flatMap(under => HeartbeatReconnect.shape.on.options.map(on => reconnectScenario(page, under, on)));
}

/**
 * Slow but live paths, where a heartbeat can only raise a false alarm: a round trip of 400 ms, within the fast
 * preset's 1.5 s timeout by 1.1 s, more than the longest page stall seen in a loaded run (958 ms), so a busy machine
 * cannot raise the alarm; and of 2 s, past it (and within Action Cable's 6 s). The window is three detection windows
 * and one round trip: enough for a heartbeat that would give up to have done so, and its close() to come back.
 */
const SLOW_PATH_DELAYS_MS = [200, 1_000];

function slowPathScenario(heartbeat: Heartbeat, oneWayDelayMs: number): Scenario {
  return defineScenario({
    id: `heartbeat:${heartbeat.strategy}:${heartbeat.preset}:slow-path:${oneWayDelayMs}ms`,
    fault: { kind: 'heartbeat', heartbeat, under: 'slow-path', oneWayDelayMs },
    windowMs: 3 * (heartbeat.intervalMs + heartbeat.timeoutMs) + 2 * oneWayDelayMs,
    trials: 3,
    quiet: false,
  });
}

/**
 * Bufferbloat: 1 MiB sent at once into a 256 KiB/s uplink (about 2 Mbit/s) whose buffer takes it all holds what the
 * page sends next 4 s back: past the fast preset's latest detection (2.5 s) by 1.5 s, within Action Cable's 6 s
 * timeout by 2 s, so neither outcome hangs on the phase of a ping or a stall. The window runs past the drain by one
 * detection window and a second, so a close() sent behind the bulk comes back within it.
 */
const BULK_SEND = { bytes: 1024 * 1024, uplinkBytesPerSecond: 256 * 1024 };

function bulkSendScenario(heartbeat: Heartbeat): Scenario {
  return defineScenario({
    id: `heartbeat:${heartbeat.strategy}:${heartbeat.preset}:bulk-send:1mib-256kibps`,
    fault: { kind: 'heartbeat', heartbeat, under: 'bulk-send', bulkSend: BULK_SEND },
    windowMs: drainMs(BULK_SEND) + heartbeat.intervalMs + heartbeat.timeoutMs + 1_000,
    trials: 3,
    quiet: false,
  });
}

/**
 * A live path with random loss, as the issue's bad network: a 300 ms round trip and 2 % of the packets lost each
 * way, which TCP repairs (scenarios/heartbeat-fault: LOSS_REPAIR_MS), within the fast preset's 1.5 s timeout by
 * 0.6 s. Thirty seconds of it per trial, so a trial holds about thirty pings and pongs.
 */
const LOSSY_PATH = { oneWayDelayMs: 150, lossPercent: 2, watchMs: 30_000 };

function lossyPathScenario(heartbeat: Heartbeat): Scenario {
  const { oneWayDelayMs, lossPercent, watchMs } = LOSSY_PATH;
  return defineScenario({
    id: `heartbeat:${heartbeat.strategy}:${heartbeat.preset}:slow-path:${oneWayDelayMs}ms:${lossPercent}pct-loss`,
    fault: { kind: 'heartbeat', heartbeat, under: 'slow-path', oneWayDelayMs, lossPercent },
    windowMs: watchMs,
    trials: 3,
    quiet: false,
  });
}

/**
 * The price of a fast heartbeat: the fast preset from the page at each delay and from the server past its timeout,
 * from either side over a lossy path,
 * and Action Cable's (a 6 s timeout) past the fast one's, on a slow path and (from the page) behind a bulk send; the full profile
 * adds every library preset on the slow path at 1 s.
 */
export function heartbeatFalseAlarmScenarios(profile: Profile): Scenario[] {
  const [short, long] = SLOW_PATH_DELAYS_MS;
  const quick = [
    ...SLOW_PATH_DELAYS_MS.map(d => slowPathScenario(heartbeatPreset('fast', profile, 'client-ping'), d)),
    slowPathScenario(heartbeatPreset('fast', profile, 'server-ping'), long),
    ...(['client-ping', 'server-ping'] as const).map(side => lossyPathScenario(heartbeatPreset('fast', profile, side))),
    slowPathScenario(heartbeatPreset('action-cable', profile), long),
    // Not from the server: it gives up while the upload still flows, and whether its terminate() finds a chunk unread
    // (RST, which WebKitGTK reports with an error) or not (FIN) is a race between two writes (seen 1 trial in 3).
    ...[heartbeatPreset('fast', profile, 'client-ping'), heartbeatPreset('action-cable', profile)].map(bulkSendScenario),
  ];
  if (profile === 'quick') return quick;
  const libraries = HeartbeatPresetName.options.filter(p => p !== 'fast' && p !== 'action-cable');
  return [...quick, ...libraries.map(p => slowPathScenario(heartbeatPreset(p, profile), long)), slowPathScenario(heartbeatPreset('fast', profile, 'both'), short)];
}

/**
 * Through each proxy: the heartbeat as the tunnel's only traffic against the proxy's idle timeout as deployed in the
 * profile (quick 3 s, full the stock 60 s / 50 s), and a dead path behind the proxy. There the close after close()
 * waits on the engine's closing-handshake timer, as under the blackhole, and is timed as there: a glance would end
 * near WebKitGTK's 5 s timer (measured: one trial in three closed within it).
 */
function proxyHeartbeatScenarios(heartbeat: Heartbeat, profile: Profile): Scenario[] {
  return ProxyName.options.flatMap(name => [
    heartbeatScenario(heartbeat, 'proxy-idle', false, { name, idleTimeoutMs: proxyIdleMs[profile][name] }),
    heartbeatScenario(heartbeat, 'proxy-upstream-blackhole', true, { name, idleTimeoutMs: UPSTREAM_BLACKHOLE_IDLE_MS }),
  ]);
}

/**
 * Heartbeats against the faults that leave a socket open, and server kill as the control. Quick: the fast preset
 * from the page under each direct fault, from the server where it can see one, two library presets (one per side)
 * under the blackhole, and the fast preset from either side through each proxy; full: every preset by its own
 * strategy and the fast one by every strategy, under every fault.
 */
export function heartbeatScenarios(profile: Profile): Scenario[] {
  const valid = (h: Heartbeat, under: HeartbeatUnder) => HeartbeatFault.safeParse({ kind: 'heartbeat', heartbeat: h, under }).success;
  // The live paths (slow, bloated) are the false-alarm scenarios' own.
  const direct = HeartbeatUnder.options.filter(under => !throughProxy(under) && under !== 'slow-path' && under !== 'bulk-send');
  if (profile === 'quick') {
    const page = heartbeatPreset('fast', profile, 'client-ping');
    const server = heartbeatPreset('fast', profile, 'server-ping');
    return [
      ...direct.map(under => heartbeatScenario(page, under, dropsPackets(under) || under === 'link-down' || under === 'server-freeze')),
      heartbeatScenario(server, 'blackhole'),
      heartbeatScenario(server, 'blackhole-sending'),
      heartbeatScenario(server, 'link-down'),
      heartbeatScenario(server, 'offline'),
      heartbeatScenario(heartbeatPreset('action-cable', profile), 'blackhole'),
      heartbeatScenario(heartbeatPreset('socketio', profile), 'blackhole'),
      ...proxyHeartbeatScenarios(page, profile),
      ...proxyHeartbeatScenarios(server, profile),
    ];
  }
  const heartbeats = [
    ...HeartbeatStrategy.options.map(strategy => heartbeatPreset('fast', profile, strategy)),
    ...HeartbeatPresetName.options.filter(p => p !== 'fast').map(p => heartbeatPreset(p, profile)),
  ];
  return heartbeats.flatMap(h => [
    ...direct.filter(under => valid(h, under)).map(under => heartbeatScenario(h, under)),
    ...proxyHeartbeatScenarios(h, profile),
  ]);
}

/**
 * Heartbeats in a hidden page (behind another tab, with the engine's own hidden-page throttling) under the blackhole:
 * how the throttling stretches the page's timers. Quick: the fast and Action Cable page heartbeats, and the fast one
 * from the server as the control (browsers answer protocol pings in their network stack, which no timer throttles);
 * full: every page-side preset. Only the detection is the question: the close after close() is glanced at.
 */
export function heartbeatHiddenScenarios(profile: Profile): Scenario[] {
  const hidden = (h: Heartbeat) => heartbeatScenario(h, 'blackhole', false, undefined, 'hidden');
  if (profile === 'quick') return [heartbeatPreset('fast', profile, 'client-ping'), heartbeatPreset('action-cable', profile), heartbeatPreset('fast', profile, 'server-ping')].map(hidden);
  return [
    ...HeartbeatPresetName.options.map(p => heartbeatPreset(p, profile)).filter(pagePings).map(hidden),
    ...[heartbeatPreset('fast', profile, 'client-ping'), heartbeatPreset('fast', profile, 'server-ping')].map(longHidden),
  ];
}

/**
 * Chromium throttles a page hidden for five minutes harder (scenarios/heartbeat: hiddenWakeUpMs): its nested timers
 * wake once a minute. The heartbeat runs a minute past that grace on the hidden page before the fault. The window
 * covers a ping and a deadline each a minute late, then the close after close() (every engine's closing-handshake
 * timer), so where that close falls never depends on the phase.
 */
const LONG_HIDDEN_LEAD_MS = INTENSIVE_GRACE_MS + 60_000;

function longHidden(heartbeat: Heartbeat): Scenario {
  const base = heartbeatScenario(heartbeat, 'blackhole', false, undefined, 'hidden');
  return defineScenario({
    ...base,
    id: `${base.id}:after-6min`,
    fault: { kind: 'heartbeat', heartbeat, under: 'blackhole', leadMs: LONG_HIDDEN_LEAD_MS },
    windowMs: heartbeat.intervalMs + heartbeat.timeoutMs + 2 * INTENSIVE_WAKE_UP_MS + CLOSE_WATCH_MS,
  });
}
