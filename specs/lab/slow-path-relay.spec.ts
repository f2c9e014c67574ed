import { get } from 'node:http';
import { test, expect } from '../../fixtures';
import { epochNow } from '../../core/clock';
import { ServerProcess } from '../../server/server-process';

// The slow path's relay, in the server's own process: without a delay it passes bytes straight on; with one, a
// request and its answer each wait that long, so a round trip takes twice the delay.

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
