import { z } from 'zod';
import type { Profile } from './profile';

/**
 * Who watches the connection. `client-ping`: the page sends an application ping (`hb-N`) every intervalMs and
 * declares the connection dead when ping N has had no pong (the echo `hb-N`) for timeoutMs, then calls close() with
 * no code, as libraries do. `server-ping`: the server sends protocol pings every intervalMs (browsers answer them
 * in their network stack, unseen by the page) and terminates the TCP connection when ping N has had no pong for
 * timeoutMs. `both`: the two at once. Either side detects a dead path between timeoutMs and intervalMs + timeoutMs
 * after it dies (plus the transport's delay), whatever the phase of the fault.
 */
export const HeartbeatStrategy = z.enum(['client-ping', 'server-ping', 'both']);
export type HeartbeatStrategy = z.infer<typeof HeartbeatStrategy>;

/** The libraries whose defaults the presets copy, plus `fast`. */
export const HeartbeatPresetName = z.enum(['fast', 'socketio', 'ws-readme', 'phoenix', 'signalr', 'action-cable']);
export type HeartbeatPresetName = z.infer<typeof HeartbeatPresetName>;

// Below 100 ms the page's own event-loop delay, not the heartbeat, would decide.
const period = z.number().int().min(100, 'at least 100 ms: below that the page\'s event-loop delay decides');
export const Heartbeat = z.object({ strategy: HeartbeatStrategy, preset: HeartbeatPresetName, intervalMs: period, timeoutMs: period });
export type Heartbeat = z.infer<typeof Heartbeat>;

/**
 * Each library's defaults mapped onto the strategies by the detection window they give (timeoutMs to
 * intervalMs + timeoutMs after the fault), real values in milliseconds.
 */
const libraryDefaults: Record<HeartbeatPresetName, Omit<Heartbeat, 'preset'>> = {
  // Not a library: a second between pings, dead 1.5 s after an unanswered one; far from Firefox's 10 s
  // network-change ping and every engine's closing-handshake timer.
  fast: { strategy: 'client-ping', intervalMs: 1_000, timeoutMs: 1_500 },
  // engine.io: the server pings every pingInterval = 25000 and waits pingTimeout = 20000 for the pong
  // (github.com/socketio/socket.io @d2d753f, packages/engine.io/lib/server.ts L196–197).
  socketio: { strategy: 'server-ping', intervalMs: 25_000, timeoutMs: 20_000 },
  // ws README "How to detect and close broken connections": ws.ping() every 30000; no pong by the next tick → terminate()
  // (github.com/websockets/ws @a2f4e7c, README.md).
  'ws-readme': { strategy: 'server-ping', intervalMs: 30_000, timeoutMs: 30_000 },
  // Phoenix JS: heartbeatIntervalMs = 30000 and the same 30000 for the reply before teardown
  // (github.com/phoenixframework/phoenix @167c469, assets/js/phoenix/socket.js L170, L664–670).
  phoenix: { strategy: 'client-ping', intervalMs: 30_000, timeoutMs: 30_000 },
  // SignalR JS: pings every 15000 and a 30000 server timeout since the last message, i.e. dead 15–30 s after the
  // fault: interval 15000, timeout 15000 gives that window (dotnet/aspnetcore, HubConnection.ts DEFAULT_PING_INTERVAL_IN_MS,
  // DEFAULT_TIMEOUT_IN_MS).
  signalr: { strategy: 'both', intervalMs: 15_000, timeoutMs: 15_000 },
  // Action Cable: the server's ping every BEAT_INTERVAL = 3 s, the client stale after staleThreshold = 6 s: dead
  // 6–9 s after the fault, the window of a 3 s interval and a 6 s timeout; who sends the ping differs, the page's
  // window does not (rails/rails @05088b6 actioncable/lib/action_cable/server/connections.rb; @012c17c connection_monitor.js).
  'action-cable': { strategy: 'client-ping', intervalMs: 3_000, timeoutMs: 6_000 },
};

/**
 * Quick runs in seconds: a preset whose window ends beyond QUICK_LONGEST_MS has interval and timeout divided by
 * QUICK_SCALE (same ratio, so the same shape); the others run at their real values.
 */
const QUICK_SCALE = 10;
const QUICK_LONGEST_MS = 10_000;

/**
 * A library's heartbeat as the profile runs it: real defaults in `full`, scaled to seconds in `quick`; by the
 * library's own strategy unless `strategy` names another (the same timers watched from the other side).
 */
export function heartbeatPreset(preset: HeartbeatPresetName, profile: Profile, strategy?: HeartbeatStrategy): Heartbeat {
  const real = libraryDefaults[preset];
  const scale = profile === 'quick' && real.intervalMs + real.timeoutMs > QUICK_LONGEST_MS ? QUICK_SCALE : 1;
  return Heartbeat.parse({ ...real, preset, strategy: strategy ?? real.strategy, intervalMs: real.intervalMs / scale, timeoutMs: real.timeoutMs / scale });
}

/** The heartbeat in the page (client-ping, both), on the server (server-ping, both). */
export const pagePings = (h: Heartbeat) => h.strategy !== 'server-ping';
export const serverPings = (h: Heartbeat) => h.strategy !== 'client-ping';

// How far apart every engine's wake-ups for a hidden page's timers are (below), and Chromium's after five minutes.
const HIDDEN_WAKE_UP_MS = 1_000;
export const INTENSIVE_WAKE_UP_MS = 60_000;
export const INTENSIVE_GRACE_MS = 5 * 60_000;

/**
 * How far apart a hidden page's timers may run: the deadline armed at one wake-up fires at the first wake-up past it,
 * and a ping is sent at the first wake-up past its due time, so a hidden page's heartbeat gives up within
 * max(I, W) + T + W of the fault (a visible one within I + T). `hiddenForMs`: how long the page was hidden first.
 * - WebKit aligns timers nested five or more deep (every setInterval after its fifth run, and a setTimeout armed
 *   inside it) to 1 s while the page is hidden (Source/WebCore/page/DOMTimer.h hiddenPageAlignmentInterval() = 1_s;
 *   Document::domTimerAlignmentInterval applies it only past maxTimerNestingLevel). WebKitGTK's pages under
 *   WebKitWebDriver are hidden in every run.
 * - Chromium wakes a hidden page's timers once a second (third_party/blink/renderer/platform/scheduler:
 *   kDefaultThrottledWakeUpInterval = 1 s); measured (156, quick and full runs): a 1.5 s deadline fired 370–541 ms
 *   late, a 6 s or 15 s one 0.6–3 ms. After five minutes hidden, nested timers wake once a minute
 *   (kIntensiveThrottledWakeUpInterval = 1 min, grace kIntensiveWakeUpThrottling_GracePeriodSeconds_Default = 5 × 60);
 *   measured after six: a 1.5 s deadline 58.5 s late, the fast heartbeat giving up 97 s after the fault (3 of 3).
 * - Firefox: a background page's timeouts wait for at least dom.min_background_timeout_value (1000 by default; an
 *   open WebSocket turns budget throttling off); measured (ESR 153, quick and full runs): a 1.5 s deadline fired
 *   501–580 ms late, 6 s, 15 s and 30 s ones 1–1026 ms: up to a second, as a wake-up period would give (after six
 *   minutes hidden one 1.5 s deadline fired 1517 ms late: no mechanism found for it, and none is assumed).
 * Playwright turns Chromium's and Firefox's throttling off; the suite's hidden pages have it back (drivers/hidden-page).
 */
export function hiddenWakeUpMs(engine: string, visibility: unknown, hiddenForMs = 0): number {
  if (visibility !== 'hidden') return 0;
  return engine === 'chromium' && hiddenForMs >= INTENSIVE_GRACE_MS ? INTENSIVE_WAKE_UP_MS : HIDDEN_WAKE_UP_MS;
}
