import { expect, test } from '../../fixtures/harness';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { kernelTickMs } from '../../core/tick';
import { createNamespace, netnsUnavailableReason } from '../../faults/netns';
import { cutInNamespace } from '../../faults/netns-cut';
import { parseSocketState, parseSsTime, readSocketState } from '../../faults/socket-state';
import { loweredTimerScenarios } from '../../scenarios/network-cut-catalog';
import { defineScenario } from '../../scenarios/schema';
import { predictGiveUp } from '../../scenarios/tcp-give-up';
import { GIVE_UP_ALLOWANCE_MS } from '../../scenarios/timing';

// The give-up model (scenarios/tcp-give-up) pinned to numbers, the readers it takes its inputs from, and one socket
// with no browser at all, in a lab namespace with lowered timers, giving up as predicted.

test('the model: a probe and one RTO, then doubling to the first expiry past the mark, with the timer wheel\'s slack', () => {
  // Captured on a lab veth (HZ=250, RTO 204 ms, tcp_retries2=3): give-up 6756 ms after the send.
  expect(predictGiveUp(3, 204, 4)).toEqual({ predictedMs: 6528, slackMs: 360, slackDecides: false });
  expect(predictGiveUp(1, 204, 4)).toEqual({ predictedMs: 1632, slackMs: 72, slackDecides: false });
  // Kernel defaults: 924.6 s from the first timeout, reached at the 16th: 928.9 s after the send.
  expect(predictGiveUp(15, 204, 4).predictedMs).toBe(928_896);
  // At 4 the expiry before falls 80 ms short of the mark, within the wheel's rounding: slack decides.
  expect(predictGiveUp(4, 204, 4).slackDecides).toBe(true);
});

test('the catalog lowers tcp_retries2 only to values the model pins to one expiry at HZ 250 and 1000', () => {
  const values = loweredTimerScenarios().flatMap(s => (s.fault.kind === 'network-cut' && s.fault.timers?.tcpRetries2) || []);
  expect(new Set(values).size).toBeGreaterThanOrEqual(3);
  for (const retries2 of values)
    for (const [rto, tick] of [[204, 4], [201, 1]]) expect(predictGiveUp(retries2, rto, tick).slackDecides, `tcp_retries2=${retries2} at RTO ${rto}`).toBe(false);
});

test('malformed timers are rejected naming the field', () => {
  const cut = { kind: 'network-cut', method: 'blackhole', traffic: 'single-send' } as const;
  const scenario = (fault: object) => () => defineScenario({ id: 'lab:timers', fault: { ...cut, ...fault } as never, windowMs: 1, trials: 1, quiet: false });
  expect(scenario({ timers: { tcpRetries2: 0 } })).toThrow(/timers\.tcpRetries2/);
  expect(scenario({ timers: { keepalive: { timeS: 2, intvlS: 1, probes: 0 } } })).toThrow(/timers\.keepalive\.probes/);
  expect(scenario({ timers: {} })).toThrow(/timers must lower/);
  expect(scenario({ method: 'reject', timers: { tcpRetries2: 3 } })).toThrow(/timers need method blackhole/);
});

test('ss output: the RTO, the keepalive timer in each of its formats, none without SO_KEEPALIVE', () => {
  expect([parseSsTime('44sec'), parseSsTime('9min59sec'), parseSsTime('12min'), parseSsTime('4.321ms'), parseSsTime('204ms')]).toEqual([44_000, 599_000, 720_000, 4_321, 204]);
  const line = '0 0 169.254.213.2:40000 169.254.213.1:35000 timer:(keepalive,44sec,0)\n\t cubic wscale:7,7 rto:204 rtt:0.05/0.02';
  expect(parseSocketState(line, 1)).toEqual({ at: 1, rtoMs: 204, keepaliveInMs: 44_000 });
  expect(parseSocketState(line.replace(' timer:(keepalive,44sec,0)', ''), 1).keepaliveInMs).toBeNull();
});

// Inside the browser namespace: connect, exchange a byte (an RTT sample), print the local port, and on "go" send
// once and report how long until the kernel gave up.
const client = `
const net = require('node:net');
const socket = net.connect(Number(process.argv[2]), process.argv[1], () => socket.write('a'));
const say = x => process.stdout.write(x + '\\n');
socket.once('data', () => say(socket.localPort));
process.stdin.once('data', () => { const t0 = performance.now(); socket.write('x'); socket.on('error', e => { say(JSON.stringify({ ms: performance.now() - t0, code: e.code })); process.exit(0); }); });
`;

test('a socket in a namespace with tcp_retries2=2 gives up on a blackholed send as predicted; the root namespace keeps its own', async () => {
  const unavailable = await netnsUnavailableReason();
  test.skip(unavailable !== null, unavailable ?? '');
  const rootBefore = execFileSync('sysctl', ['-n', 'net.ipv4.tcp_retries2'], { encoding: 'utf8' });
  const namespace = await createNamespace({ 'net.ipv4.tcp_retries2': 2 });
  try {
    expect(execFileSync('ip', ['netns', 'exec', namespace.name, 'sysctl', '-n', 'net.ipv4.tcp_retries2'], { encoding: 'utf8' }).trim()).toBe('2');
    const server = await namespace.listen();
    server.on('connection', s => s.on('data', d => s.write(d)));
    const { address, port } = server.address() as AddressInfo;
    // Without Playwright's NODE_OPTIONS (its TypeScript loader), which a plain script does not need.
    const { NODE_OPTIONS: _, ...env } = process.env;
    const child = spawn('ip', ['netns', 'exec', namespace.name, process.execPath, '-e', client, address, String(port)], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const clientPort = Number((await lines.next()).value);
    const { rtoMs } = await readSocketState(namespace, clientPort);
    await cutInNamespace(namespace, { localPort: port, remotePort: clientPort }, 'blackhole');
    child.stdin!.write('go\n');
    const result = JSON.parse((await lines.next()).value) as { ms: number; code: string };
    await once(child, 'exit');
    server.close();
    const { predictedMs, slackMs } = predictGiveUp(2, rtoMs, await kernelTickMs());
    expect(result.code).toBe('ETIMEDOUT');
    expect(result.ms).toBeGreaterThanOrEqual(predictedMs - GIVE_UP_ALLOWANCE_MS);
    expect(result.ms).toBeLessThanOrEqual(predictedMs + slackMs + GIVE_UP_ALLOWANCE_MS);
  } finally {
    await namespace.remove();
  }
  expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(namespace.name);
  expect(execFileSync('sysctl', ['-n', 'net.ipv4.tcp_retries2'], { encoding: 'utf8' })).toBe(rootBefore);
});
