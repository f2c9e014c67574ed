import { type Heartbeat, heartbeatPreset, HeartbeatPresetName, HeartbeatStrategy } from './heartbeat';
import type { Profile } from './profile';
import { defineScenario, HeartbeatFault, HeartbeatUnder, type Scenario } from './schema';

/**
 * How long a page that called close() on a dead socket is watched for its `close` event: past every engine's
 * closing-handshake timer seen on a dead path (the longest, Chromium's, 60 s), with room for its lateness.
 */
const CLOSE_WATCH_MS = 70_000;
/**
 * Quick watches that close only under the blackhole (where it is timed, n = 5); under its other faults (all with the
 * fast preset's 1 s interval) the window ends this long past the latest detection, so at most 3 s after close(): short
 * of every engine's closing-handshake timer on a dead path (the shortest, WebKitGTK's, about 5.2 s), so no close
 * there is decided by a race, and a Chromium page does not hold a worker for its 60 s.
 */
const CLOSE_GLANCE_MS = 2_000;
// A server that terminates a dead connection reports it at once; this only bounds a late timer.
const SERVER_WATCH_MS = 3_000;

/**
 * One heartbeat under one fault; the window outlasts the latest detection the model allows, and the close after it
 * where that close is timed (`closeTimed`).
 */
function heartbeatScenario(heartbeat: Heartbeat, under: HeartbeatUnder, closeTimed = true): Scenario {
  const latest = heartbeat.intervalMs + heartbeat.timeoutMs;
  const pageWatches = heartbeat.strategy !== 'server-ping';
  return defineScenario({
    id: `heartbeat:${heartbeat.strategy}:${heartbeat.preset}:${under}`,
    fault: { kind: 'heartbeat', heartbeat, under },
    windowMs: latest + (pageWatches ? (closeTimed ? CLOSE_WATCH_MS : CLOSE_GLANCE_MS) : SERVER_WATCH_MS),
    // The close after close() on a dead path is the engine's own timer: five trials for its median and interval.
    trials: under === 'blackhole' && pageWatches ? 5 : 3,
    quiet: false,
  });
}

/**
 * Heartbeats against the faults that leave a socket open, and server kill as the control. Quick: the fast preset
 * from the page under each fault, from the server where it can see one, and two library presets (one per side)
 * under the blackhole; full: every preset by its own strategy and the fast one by every strategy, under every fault.
 */
export function heartbeatScenarios(profile: Profile): Scenario[] {
  const valid = (h: Heartbeat, under: HeartbeatUnder) => HeartbeatFault.safeParse({ kind: 'heartbeat', heartbeat: h, under }).success;
  if (profile === 'quick') {
    const page = heartbeatPreset('fast', profile, 'client-ping');
    const server = heartbeatPreset('fast', profile, 'server-ping');
    return [
      ...HeartbeatUnder.options.map(under => heartbeatScenario(page, under, under === 'blackhole')),
      heartbeatScenario(server, 'blackhole'),
      heartbeatScenario(server, 'offline'),
      heartbeatScenario(heartbeatPreset('action-cable', profile), 'blackhole'),
      heartbeatScenario(heartbeatPreset('socketio', profile), 'blackhole'),
    ];
  }
  const heartbeats = [
    ...HeartbeatStrategy.options.map(strategy => heartbeatPreset('fast', profile, strategy)),
    ...HeartbeatPresetName.options.filter(p => p !== 'fast').map(p => heartbeatPreset(p, profile)),
  ];
  return heartbeats.flatMap(h => HeartbeatUnder.options.filter(under => valid(h, under)).map(under => heartbeatScenario(h, under)));
}
