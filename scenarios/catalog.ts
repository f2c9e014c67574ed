import { defineScenario, type Scenario } from './schema';

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
