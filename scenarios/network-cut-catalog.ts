import type { z } from 'zod';
import type { Profile } from './profile';
import { CutMethod, defineScenario, Traffic, type Scenario } from './schema';

/** Windows per profile: quick keeps CI in minutes; full outlasts the kernel's own TCP timeouts (≈15 min). */
const cutWindows: Record<Profile, Record<z.infer<typeof Traffic>, number>> = {
  quick: { idle: 15_000, 'periodic-send': 30_000, 'single-send': 15_000, restore: 10_000, 'new-socket': 10_000 },
  full: { idle: 20 * 60_000, 'periodic-send': 20 * 60_000, 'single-send': 20 * 60_000, restore: 10_000, 'new-socket': 10_000 },
};

/**
 * After its link goes down Firefox pings every socket and drops it 10 s later without a pong; a first send at the
 * seed's 10 s would race that timer, so under link-down the page sends every 4 s, well before it.
 */
const LINK_DOWN_PERIOD_MS = 4_000;
/**
 * Under a reject cut the first send after it draws the reset at once, whatever the period: the period only sets when
 * that send comes. A quiet trial holds the machine until then, so the seed's 10 s would idle it 9 s per trial.
 */
const REJECT_PERIOD_MS = 1_000;
/**
 * Between two races. WebKitGTK notices a lost link 2.9–3.2 s after it goes (measured): a 3 s cut raced it. Firefox
 * pings after the link goes and drops the socket 10 s later without a pong; retransmissions come 0.2, 0.6, 1.4, 3.0,
 * 6.2, 12.6 s after the first loss, so the link must be back before the one at 6.2 s: a 6 s cut raced it (the link
 * back about 6.6 s after it went). 4 s from the cut, plus at most 1.5 s of the harness's own delay in restoring it
 * (runner/run: cutOverrun, else the trial is run again), is clear of both.
 */
const LINK_DOWN_CUT_MS = 4_000;

/** The seed's question: the network is cut under an open socket; what does the page see, and when? */
export function networkCutScenarios(profile: Profile): Scenario[] {
  return CutMethod.options.flatMap(method =>
    Traffic.options.filter(traffic => traffic !== 'new-socket' || method === 'offline').map(traffic =>
      defineScenario({
        id: `network-cut:${method}:${traffic}`,
        fault: {
          kind: 'network-cut',
          method,
          traffic,
          ...(method === 'link-down' ? { periodMs: LINK_DOWN_PERIOD_MS, cutMs: LINK_DOWN_CUT_MS } : {}),
          ...(method === 'reject' ? { periodMs: REJECT_PERIOD_MS } : {}),
        },
        windowMs: cutWindows[profile][traffic],
        trials: 3,
        // Where the page's own act draws the close in milliseconds (a send into a reset, a socket opened offline).
        quiet: (method === 'reject' && (traffic === 'single-send' || traffic === 'periodic-send')) || traffic === 'new-socket',
      }),
    ),
  );
}

/**
 * tcp_retries2 values whose give-up the model pins to one timer expiry on kernels ticking at 250 or 1000 Hz (see
 * ./tcp-give-up): ~1.6, 3.3 and 6.5 s after the send. At 4 the expiry before is short of the mark by less than the
 * timer wheel's rounding (6120 vs 6200 ms at a 204 ms RTO), so slack would decide between ~6.5 and ~13 s.
 */
const LOWERED_RETRIES2 = [1, 2, 3];
// Kernel keepalive that would end an idle socket 4 s after its last packet: a first probe at 2 s, one more at 3 s.
const LOWERED_KEEPALIVE = { timeS: 2, intvlS: 1, probes: 2 };
// Sends under the cut every second, so later data queues behind the first send while it is retransmitted.
const LOWERED_PERIOD_MS = 1_000;
// The slowest give-up (6.5 s after a send 1 s into the window, plus ≤0.4 s of timer slack) with room to spare.
const LOWERED_WINDOW_MS = 12_000;

/**
 * The blackhole cuts with the browser in a lab namespace whose kernel timers are lowered, so TCP (or keepalive)
 * gives up within the quick window: the code, `error` and event order at the give-up, and the give-up model
 * checked at several settings. The same in both profiles.
 */
export function loweredTimerScenarios(): Scenario[] {
  const sending = (['single-send', 'periodic-send'] as const).flatMap(traffic =>
    LOWERED_RETRIES2.map(tcpRetries2 =>
      defineScenario({
        id: `network-cut:blackhole:${traffic}:tcp-retries2-${tcpRetries2}`,
        fault: { kind: 'network-cut', method: 'blackhole', traffic, periodMs: LOWERED_PERIOD_MS, timers: { tcpRetries2 } },
        windowMs: LOWERED_WINDOW_MS,
        trials: 3,
        quiet: false,
      }),
    ),
  );
  const { timeS, intvlS, probes } = LOWERED_KEEPALIVE;
  const idle = defineScenario({
    id: `network-cut:blackhole:idle:tcp-keepalive-${timeS}s-${intvlS}s-${probes}`,
    fault: { kind: 'network-cut', method: 'blackhole', traffic: 'idle', timers: { keepalive: LOWERED_KEEPALIVE } },
    windowMs: LOWERED_WINDOW_MS,
    trials: 3,
    quiet: false,
  });
  return [...sending, idle];
}
