import { expect, test } from '../../fixtures/harness';
import { spawnSync } from 'node:child_process';
import { readScope } from '../../scenarios/profile';

// The default run is CI's gate and takes minutes: the millisecond-scale scenarios. The long windows run on request.

test('an unknown WSLAB_SCOPE stops the run with the scopes there are; the full profile takes every test', () => {
  expect(() => readScope({ WSLAB_SCOPE: 'everything' })).toThrow(/WSLAB_SCOPE=everything is not a scope: set WSLAB_SCOPE=short .* or WSLAB_SCOPE=all/);
  expect(readScope({})).toBe('short');
  expect(readScope({ WSLAB_SCOPE: 'all' })).toBe('all');
  expect(readScope({ PROFILE: 'full', WSLAB_SCOPE: 'short' })).toBe('all');
});

test('the default run lists the quiet scenarios and leaves the long windows to WSLAB_SCOPE=all', () => {
  const list = (scope: string) => spawnSync('npx', ['playwright', 'test', '--project', 'chromium', '--list', '-g', 'server-close:1000|heartbeat:client-ping:fast:blackhole'], { encoding: 'utf8', env: { ...process.env, WSLAB_SCOPE: scope } }).stdout;
  const short = list('short');
  expect(short).toMatch(/server-close:1000/);
  expect(short).not.toMatch(/heartbeat:client-ping:fast:blackhole/);
  expect(list('all')).toMatch(/heartbeat:client-ping:fast:blackhole/);
});
