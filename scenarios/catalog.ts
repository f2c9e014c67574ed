import type { z } from 'zod';
import type { Profile } from './profile';
import { CutMethod, defineScenario, Traffic, type Scenario } from './schema';

// Faults delivered over loopback reach the page at once; a few seconds is ample to see the close.
const prompt = { windowMs: 5_000, runs: 3 };

/** The server ends the connection: by handshake with each class of code, or by dropping TCP. */
export const serverFaultScenarios: Scenario[] = [
  ...[1000, 1001, 1011, 3000, 4001, 4999].map(code =>
    defineScenario({ id: `server-close:${code}`, fault: { kind: 'server-close', code }, ...prompt }),
  ),
  defineScenario({ id: 'server-close:no-status', fault: { kind: 'server-close' }, ...prompt }),
  defineScenario({
    id: 'server-close:reason-123-bytes',
    // 123 bytes is the most a close frame can carry after its 2-byte code (control frames are ≤125 bytes).
    fault: { kind: 'server-close', code: 4000, reason: 'r'.repeat(123) },
    ...prompt,
  }),
  defineScenario({ id: 'server-fin', fault: { kind: 'server-fin' }, ...prompt }),
  defineScenario({ id: 'server-rst', fault: { kind: 'server-rst' }, ...prompt }),
];

/** The opening handshake fails. */
export const handshakeScenarios: Scenario[] = (['refused', 'not-websocket'] as const).map(c =>
  defineScenario({ id: `handshake-fail:${c}`, fault: { kind: 'handshake-fail', case: c }, ...prompt }),
);

/** Windows per profile: quick keeps CI in minutes; full outlasts the kernel's own TCP timeouts (≈15 min). */
const cutWindows: Record<Profile, Record<z.infer<typeof Traffic>, number>> = {
  quick: { idle: 15_000, 'periodic-send': 30_000, 'single-send': 15_000, restore: 10_000 },
  full: { idle: 20 * 60_000, 'periodic-send': 20 * 60_000, 'single-send': 20 * 60_000, restore: 10_000 },
};

/** The seed's question: the network is cut under an open socket; what does the page see, and when? */
export function networkCutScenarios(profile: Profile): Scenario[] {
  return CutMethod.options.flatMap(method =>
    Traffic.options.map(traffic =>
      defineScenario({
        id: `network-cut:${method}:${traffic}`,
        fault: { kind: 'network-cut', method, traffic },
        windowMs: cutWindows[profile][traffic],
        runs: 3,
      }),
    ),
  );
}
