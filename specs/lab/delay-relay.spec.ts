import { createServer, createConnection, type AddressInfo } from 'node:net';
import { test, expect } from '../../fixtures';
import { epochNow } from '../../core/clock';
import { DelayRelay } from '../../server/delay-relay';

// The slow path's relay: without a delay it passes bytes straight on; with one, every byte waits that long each way,
// in order, and an end passes through after it too.

const ONE_WAY_MS = 150;
// Timers and loopback on a machine the other lab tests share.
const SLACK_MS = 100;

test('delay relay: a round trip takes twice the delay, in order, and the end follows', async () => {
  const echo = createServer(socket => socket.pipe(socket));
  await new Promise<void>(resolve => echo.listen(0, '127.0.0.1', () => resolve()));
  const relay = await DelayRelay.start((echo.address() as AddressInfo).port);
  const client = createConnection({ host: '127.0.0.1', port: relay.port });
  let received = '';
  client.on('data', chunk => (received += chunk));
  const roundTrip = async (text: string) => {
    const start = epochNow();
    const want = received + text;
    client.write(text);
    while (received !== want) await new Promise(resolve => setTimeout(resolve, 2));
    return epochNow() - start;
  };
  try {
    await new Promise(resolve => client.once('connect', resolve));
    expect(await roundTrip('a')).toBeLessThan(SLACK_MS);
    relay.delay(ONE_WAY_MS);
    const trip = await roundTrip('bcd');
    expect(trip).toBeGreaterThanOrEqual(2 * ONE_WAY_MS);
    expect(trip).toBeLessThan(2 * ONE_WAY_MS + SLACK_MS);
    expect(received).toBe('abcd');
    const ended = new Promise(resolve => client.once('end', resolve));
    const endAt = epochNow();
    client.end();
    await ended;
    expect(epochNow() - endAt).toBeGreaterThanOrEqual(2 * ONE_WAY_MS);
  } finally {
    client.destroy();
    await relay.close();
    echo.close();
  }
});
