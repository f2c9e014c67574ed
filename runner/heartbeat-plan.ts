import { bracket, epochNow } from '../core/clock';
import { blackhole, type Cut, lossAt } from '../faults/netfilter';
import { bracketCut, type NetworkCut } from '../faults/network-cut';
import { type Heartbeat, pagePings, serverPings } from '../scenarios/heartbeat';
import { cutsNetwork, type HeartbeatFault, SENDING_EVERY_MS } from '../scenarios/schema';
import { ReverseProxy } from '../server/proxy';
import { ServerProcess, type ServerPlace } from '../server/server-process';
import type { Recorder } from '../recorder/recorder';
import type { ServerConnectionRecord } from '../server/connection-log';
import type { ScenarioContext } from './context';
import { calledAt, openOne, sleep } from './steps';
import type { Struck, TrialPlan } from './trial';

type Base = Omit<TrialPlan, 'strike' | 'server'>;
type LossyCut = Awaited<ReturnType<typeof lossAt>>;

// Past the server's TCP close, what its ws still reports (the close frame it got) is out of its pipe within this.
const SERVER_SETTLE_MS = 50;
// How often the server's record is read while waiting for its heartbeat to give up (Node-side, no page call).
const SERVER_POLL_MS = 10;

/**
 * One heartbeat trial against an echo server process of its own (server/server-process), through a proxy of its own
 * where the fault is the proxy's (server/proxy): the socket opened, the page's and/or the server's heartbeat running
 * with a pong back on each, then, at a random phase of the ping period, the fault (its Node bracket is the trial's
 * fault stamp; under `proxy-idle` there is none: nothing but the heartbeat crosses the proxy from then on). Torn down
 * on success and failure.
 */
export function heartbeatPlan(fault: HeartbeatFault, base: Base, ctx: ScenarioContext): TrialPlan {
  const { tag, recorder } = base;
  const heartbeat = fault.heartbeat;
  let server: ServerProcess | undefined;
  let proxy: ReverseProxy | undefined;
  let cut: Cut | NetworkCut | undefined;
  let loss: LossyCut | undefined;
  const serverDead = () => server?.recordOf(tag)?.heartbeat?.deadAt != null;
  const retryTag = `${tag}~retry`;
  const reconnect = fault.reconnect;
  return {
    ...base,
    echoes: true,
    retryTag: reconnect ? retryTag : undefined,
    prepareOpen: async () => {
      server = await ServerProcess.start('bare', fault.under === 'link-down' ? inServerNamespace(ctx) : undefined);
      if (fault.proxy) proxy = await ReverseProxy.start(fault.proxy.name, { upstreamPort: server.port, idleTimeoutMs: fault.proxy.idleTimeoutMs, shutdownTimeoutMs: null });
      await openOne(recorder, tag, server.wsUrl(tag, await frontPort(fault, server, proxy)));
      await server.opened(tag);
      await startHeartbeats(heartbeat, server, tag, ctx);
      // Under way (and echoed once) before the cut, whatever its phase and however late a page call runs.
      if (fault.under === 'blackhole-sending') await sendThroughout(recorder, tag, heartbeat.timeoutMs);
      if (reconnect) await recorder.reconnect(tag, server.wsUrl(retryTag, proxy?.port), reconnect.retryMs, reconnect.on === 'on-dead' ? 'heartbeat-dead' : 'close');
    },
    awaitPhase: () => leadIn(fault),
    strike: async (): Promise<Struck> => {
      const live = server!;
      // The control, where no heartbeat detects anything: the kill follows the next exchange in the same turn of
      // Node's loop, with the next ping an interval away, so no ping is on its way when the server dies (one that is
      // gets a reset, and an `error`). Waiting for the exchange in strike, not before it, keeps page calls (the lag
      // watch) out of that gap, which a loaded machine stretched past the interval once; the kill's own bracket is
      // the fault's stamp.
      if (fault.under === 'server-kill') {
        await live.exchanged(tag, heartbeat.intervalMs + heartbeat.timeoutMs);
        return { nodeStamp: (await bracket(() => live.signal('SIGKILL', tag))).at };
      }
      if (cutsNetwork(fault.under)) return cutAndRestore(fault, live.recordOf(tag), ctx, tag, c => (cut = c));
      if (fault.under === 'server-freeze') live.signal('SIGSTOP', tag);
      if (fault.under === 'slow-path') return slowDown(fault, live, tag, c => (cut = loss = c));
      // The page's own bulk send is the fault: its call's bracket on the page's clock.
      if (fault.bulkSend) return { pageStamp: calledAt(await recorder.sendFill(tag, fault.bulkSend.bytes)) };
      // The server's record is of its side of the proxy's upstream connection.
      if (fault.under === 'proxy-upstream-blackhole') cut = await blackhole(live.recordOf(tag)!);
      return {};
    },
    waitClosed: trialOver(fault, recorder, tag, retryTag, serverDead, () => {
      // ws reports the close frame it got once its receiver has drained, a tick or so after the TCP close.
      const closedAt = server?.recordOf(tag)?.socketClosedAt;
      return closedAt != null && epochNow() - closedAt >= SERVER_SETTLE_MS;
    }),
    server: () => server?.recordOf(tag) ?? null,
    packetsLost: fault.lossPercent ? () => loss?.dropped() ?? Promise.resolve(0) : undefined,
    cleanup: async () => {
      await cut?.restore();
      await proxy?.shutDown();
      await server?.shutDown();
    },
  };
}

/** Under link-down the server runs at the far end of the browser's veth, in the lab namespace pair's server side. */
function inServerNamespace(ctx: ScenarioContext): ServerPlace {
  if (!ctx.namespace) throw new Error('a heartbeat under link-down needs the browser in a lab network namespace');
  return { host: ctx.namespace.serverAddress, namespace: ctx.namespace.serverName };
}

/**
 * The heartbeat runs its lead (on a hidden page, into an engine's later throttling), then a uniformly random phase of
 * the ping period, so the trials sample the whole detection window; the kill and the slowing take their own phase.
 */
async function leadIn(fault: HeartbeatFault): Promise<void> {
  if (fault.leadMs) await sleep(fault.leadMs);
  if (fault.under !== 'server-kill' && fault.under !== 'slow-path') await sleep(Math.random() * fault.heartbeat.intervalMs);
}

/** The port the page connects to: the proxy's, a relay's in front of the server on a live path, or the server's own. */
async function frontPort(fault: HeartbeatFault, server: ServerProcess, proxy: ReverseProxy | undefined): Promise<number | undefined> {
  if (proxy) return proxy.port;
  if (fault.under !== 'slow-path' && fault.under !== 'bulk-send') return undefined;
  const port = await server.relay();
  // Narrow from the start: the heartbeat's few bytes pass at once, a bulk send fills the uplink's buffer.
  if (fault.bulkSend) await server.uplink(fault.bulkSend.uplinkBytesPerSecond);
  return port;
}

/** Starts each side's heartbeat and waits for its first pong: a heartbeat never answered would prove nothing. */
async function startHeartbeats(heartbeat: Heartbeat, server: ServerProcess, tag: string, ctx: ScenarioContext): Promise<void> {
  const { intervalMs, timeoutMs } = heartbeat;
  const page = async () => {
    await ctx.recorder.heartbeat(tag, intervalMs, timeoutMs);
    if (!(await ctx.recorder.waitMessage(tag, intervalMs + timeoutMs))) throw new Error(`the page's heartbeat on ${tag} had no pong before the fault`);
  };
  await Promise.all([serverPings(heartbeat) ? server.heartbeat(tag, intervalMs, timeoutMs) : null, pagePings(heartbeat) ? page() : null]);
}

/** The page's traffic under `blackhole-sending`, from its first echo on. */
async function sendThroughout(recorder: Recorder, tag: string, timeoutMs: number): Promise<void> {
  await recorder.sendEvery(tag, SENDING_EVERY_MS, 'traffic');
  if (!(await recorder.waitMessage(tag, SENDING_EVERY_MS + timeoutMs))) throw new Error(`the page's traffic on ${tag} had no echo before the fault`);
}

/**
 * When the trial is over: for a reconnecting page once its new socket echoed and the dead one closed, so the record
 * holds both; where only the server watches, once it gave up (the page may never hear of it); on a live path (slow,
 * or bloated by a bulk send) once both sides saw the end; else at the page's close (the default).
 */
function trialOver(fault: HeartbeatFault, recorder: Recorder, tag: string, retryTag: string, serverDead: () => boolean, serverClosed: () => boolean): TrialPlan['waitClosed'] {
  if (fault.reconnect)
    return async ms => {
      const until = epochNow() + ms;
      const echoed = await recorder.waitMessage(retryTag, ms);
      return echoed && (await recorder.waitClosed([tag], Math.max(0, until - epochNow())));
    };
  const until = (ms: number) => epochNow() + ms;
  const polled = async (done: () => boolean, end: number) => {
    while (!done() && epochNow() < end) await sleep(SERVER_POLL_MS);
    return done();
  };
  // On a live but slow path either side's end reaches the other a one-way delay later: the record waits for both.
  const live = fault.under === 'slow-path' || fault.under === 'bulk-send';
  if (pagePings(fault.heartbeat))
    return live
      ? async ms => {
          const end = until(ms);
          return (await recorder.waitClosed([tag], ms)) && polled(serverClosed, end);
        }
      : undefined;
  return async ms => {
    const end = until(ms);
    if (!(await polled(serverDead, end))) return false;
    return live ? recorder.waitClosed([tag], Math.max(0, end - epochNow())) : true;
  };
}

/**
 * A blackhole of the trial's connection or the page offline; its bracket is the fault's stamp. With a restore
 * (reconnect.restoreAfterMs, counted from the cut itself) the page sends one message at once, on a socket its
 * heartbeat cannot yet have given up on (that takes timeoutMs), so there is something to be delivered late or lost,
 * and the network comes back before the window starts.
 */
async function cutAndRestore(fault: HeartbeatFault, connection: ServerConnectionRecord | null, ctx: ScenarioContext, tag: string, holding: (cut: NetworkCut) => void): Promise<Struck> {
  const method = fault.under === 'offline' || fault.under === 'link-down' ? fault.under : 'blackhole';
  const cutting = await bracketCut(method, ctx.page, method === 'blackhole' ? connection : null, ctx.namespace);
  holding(cutting.value);
  const restoreAfterMs = fault.reconnect?.restoreAfterMs;
  if (restoreAfterMs === undefined) return { nodeStamp: cutting.at };
  await ctx.recorder.send(tag, 'during-cut');
  await sleep(cutting.at.after + restoreAfterMs - epochNow());
  await cutting.value.restore();
  return { nodeStamp: cutting.at, restoredAt: epochNow() };
}

/**
 * Slows the path right after an exchange, so no ping is on its way to the relay when it does (one that is would be
 * held both ways and give up sooner than the model's timeout); the slowing's own bracket (with the loss, if any) is the
 * fault's stamp.
 */
async function slowDown(fault: HeartbeatFault, server: ServerProcess, tag: string, holding: (loss: LossyCut) => void): Promise<Struck> {
  await server.exchanged(tag, fault.heartbeat.intervalMs + fault.heartbeat.timeoutMs);
  const slowing = await bracket(async () => {
    await server.delay(fault.oneWayDelayMs!);
    if (fault.lossPercent) holding(await lossAt(server.relayPort!, fault.lossPercent));
  });
  return { nodeStamp: slowing.at };
}
