import { expect, test } from '../../fixtures/harness';
import { observeTrial } from '../../findings/observe';
import { TrialObservation } from '../../findings/schema';
import type { RecordedEvent } from '../../recorder/schema';
import type { Trial } from '../../runner/trial';

// A trial's timeline puts the page's and the server's events on the one axis `toClose` uses: the close drawn is the
// trial's time to close, on either clock, and Node's times cross over through the same measured sync.

const base = { tag: 'a', onLine: true };
// The page's clock runs 1000 ms ahead of Node's in this trial.
const OFFSET = 1_000;

function trialOn(clock: 'page' | 'node'): Trial {
  const events: RecordedEvent[] = [
    { ...base, type: 'construct', t: 10_000 + OFFSET, t0: 9_999 + OFFSET, url: 'ws://x' },
    { ...base, type: 'open', t: 10_010 + OFFSET, protocol: '' },
    { ...base, type: 'error', t: 10_104 + OFFSET },
    { ...base, type: 'close', t: 10_105 + OFFSET, code: 1006, reason: '', wasClean: false },
  ];
  // The fault at 10 100 on Node's clock, or at the same moment on the page's.
  const at = clock === 'node' ? 10_100 : 10_100 + OFFSET;
  return {
    tag: 'a',
    fault: { clock, before: at - 1, after: at + 1 },
    sync: { offsetMs: OFFSET, errorMs: 0.2, roundTripMs: 0.4 },
    resolutionMs: 0.1,
    pageLagMs: 0.5,
    pageWatch: null,
    quiet: true,
    events,
    server: {
      tag: 'a',
      handler: '/ws',
      openedAt: 10_008,
      localPort: 1,
      remotePort: 2,
      received: [],
      closeFrame: null,
      socketClosedAt: 10_103,
      fault: { name: 'rst', at: 10_100.5 },
    },
    restoredAt: null,
    networkClosedAt: null,
    socket: null,
    wire: null,
    packetsLost: null,
    echoes: false,
    retryTag: null,
    closeSeenBy: 'page',
  };
}

for (const clock of ['node', 'page'] as const) {
  test(`timeline: on the ${clock} clock, the close sits at the time to close and the server's events cross over`, () => {
    const observed = TrialObservation.parse(observeTrial(trialOn(clock)));
    const at = (what: string) => observed.timeline!.find(e => e.what === what)?.at;
    expect(at('fault')).toBe(0);
    expect(at('close')).toBe(observed.toClose!.ms);
    expect(at('close')).toBe(5);
    expect(at('error')).toBe(4);
    expect(at('new WebSocket()')).toBe(-100);
    expect(at('server: opened')).toBe(-92);
    expect(at('server: rst')).toBe(0.5);
    expect(at('server: socket-closed')).toBe(3);
    expect(observed.timeline!.map(e => e.at)).toEqual([...observed.timeline!.map(e => e.at)].sort((a, b) => a - b));
  });
}
