import { expect, test } from '../../fixtures/harness';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { groupMembers } from '../../core/proc';
import { sweepLeftovers, sweepStaleTempDirs } from '../../core/sweep';
import { blackhole, netfilterUnavailableReason } from '../../faults/netfilter';

const list = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !list('ps', ['-o', 'stat=', '-p', String(pid)]).startsWith('Z');
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  for (const end = Date.now() + timeoutMs; !condition(); await new Promise(r => setTimeout(r, 100)))
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
}

test.beforeEach(async () => {
  const unavailable = await netfilterUnavailableReason();
  test.skip(unavailable !== null, unavailable ?? '');
});

test('a run SIGKILLed mid-blackhole, with both proxies and a stopped server up, leaves nothing after the next sweep', async () => {
  test.setTimeout(120_000);
  const holdFile = path.join(mkdtempSync(path.join(tmpdir(), 'wslab-test-')), 'held.json');
  const run = spawn('npx', ['playwright', 'test', '--config', 'specs/lab/killed-run/playwright.config.ts'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, WSLAB_HOLD_FILE: holdFile },
  });
  await until(() => existsSync(holdFile), 30_000);
  const held = JSON.parse(readFileSync(holdFile, 'utf8')) as { pid: number; namespace: string | null; child: number; server: number; proxies: number[] };
  process.kill(-run.pid!, 'SIGKILL');
  await until(() => !alive(held.pid), 10_000);

  const table = `wslab_${held.pid}`;
  expect(list('nft', ['list', 'tables'])).toContain(table);
  expect(alive(held.child)).toBe(true);
  expect(list('ps', ['-o', 'stat=', '-p', String(held.server)]).trim()).toMatch(/^T/);
  // Each proxy is a master with at least one worker in its group.
  for (const proxy of held.proxies) expect(groupMembers(proxy).length).toBeGreaterThanOrEqual(2);
  const labDirs = () => list('ls', [tmpdir()]).split('\n').filter(name => name.startsWith(`wslab${held.pid}-`));
  expect(labDirs().filter(name => name.startsWith(`wslab${held.pid}-proxy-`))).toHaveLength(held.proxies.length);

  const swept = [...(await sweepLeftovers()), ...sweepStaleTempDirs()];
  expect(swept.join('\n')).toContain(`nft table inet ${table}`);
  expect(list('nft', ['list', 'tables'])).not.toContain(table);
  expect(alive(held.child)).toBe(false);
  // A stopped process dies of SIGKILL as well: it needs no SIGCONT first.
  const groups = [held.server, ...held.proxies];
  await until(() => groups.every(group => groupMembers(group).length === 0), 2_000);
  expect(labDirs()).toEqual([]);
  if (held.namespace) {
    expect(swept.join('\n')).toContain(held.namespace);
    expect(list('ip', ['netns', 'list'])).not.toMatch(new RegExp(`wslab${held.pid}\\D`));
    expect(list('ip', ['-br', 'link'])).not.toMatch(new RegExp(`wslab${held.pid}\\D`));
  }
});

test('other loopback traffic flows while one connection is blackholed', async () => {
  const server = createServer(socket => socket.on('data', data => socket.write(data))).listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const connect = async () => {
    const socket = createConnection(port, '127.0.0.1');
    await new Promise(resolve => socket.once('connect', resolve));
    return socket;
  };
  const echo = (socket: Socket, within: number) =>
    new Promise<boolean>(resolve => {
      socket.once('data', () => resolve(true));
      socket.write('ping');
      setTimeout(() => resolve(false), within);
    });
  const [cut, other] = [await connect(), await connect()];
  const rules = await blackhole({ localPort: port, remotePort: cut.localPort! });
  try {
    expect(await echo(other, 2_000), 'a second connection on the same ports echoes').toBe(true);
    expect(await echo(cut, 1_000), 'the blackholed connection does not').toBe(false);
  } finally {
    await rules.restore();
    cut.destroy();
    other.destroy();
    server.close();
  }
});
