import { get } from 'node:http';
import { test, expect } from '../../fixtures';
import { epochNow } from '../../core/clock';
import { ServerProcess } from '../../server/server-process';
import { WebSocket } from 'ws';

// The slow path's relay, in the server's own process: without a delay it passes bytes straight on; with one, a
// request and its answer each wait that long, so a round trip takes twice the delay. With a narrow uplink, what the
// client sends after a bulk waits for the bulk to drain.

const ONE_WAY_MS = 150;
// Timers, loopback and a process's pipe on a machine the other lab tests share.
const SLACK_MS = 150;

/** One HTTP request through the relay to the server (which answers any plain request with 404), timed. */
const roundTrip = (port: number) =>
  new Promise<number>((resolve, reject) => {
    const start = epochNow();
    get({ host: '127.0.0.1', port, path: '/', agent: false }, res => {
      res.resume();
      res.on('end', () => resolve(epochNow() - start));
    }).on('error', reject);
  });

test('slow-path relay: a round trip takes twice the delay once it is set, and no more than a little beyond', async () => {
  const server = await ServerProcess.start('bare');
  try {
    const port = await server.relay();
    expect(await roundTrip(port)).toBeLessThan(SLACK_MS);
    await server.delay(ONE_WAY_MS);
    const trip = await roundTrip(port);
    expect(trip).toBeGreaterThanOrEqual(2 * ONE_WAY_MS);
    expect(trip).toBeLessThan(2 * ONE_WAY_MS + SLACK_MS);
  } finally {
    await server.shutDown();
  }
});

const UPLINK_BYTES_PER_SECOND = 64 * 1024;

test('relay uplink: a message sent right after a bulk is echoed once the bulk has drained at the uplink\'s rate, not before', async () => {
  const server = await ServerProcess.start('bare');
  const port = await server.relay();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/?tag=lab-uplink`);
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await server.uplink(UPLINK_BYTES_PER_SECOND);
    const echoed = new Promise<number>(resolve => ws.on('message', data => String(data) === 'after' && resolve(epochNow())));
    const start = epochNow();
    ws.send('u'.repeat(UPLINK_BYTES_PER_SECOND));
    ws.send('after');
    const drained = (await echoed) - start;
    // One second of bulk at the uplink's rate, plus the frames' few bytes of headers.
    expect(drained).toBeGreaterThanOrEqual(1_000);
    expect(drained).toBeLessThan(1_000 + SLACK_MS);
  } finally {
    ws.terminate();
    await server.shutDown();
  }
});
