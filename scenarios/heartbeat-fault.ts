import { z } from 'zod';
import { Heartbeat, serverPings } from './heartbeat';
import { ProxyName } from './proxy-fault';

/**
 * What a heartbeat runs under, each leaving the socket open for the transport: every packet of the connection
 * dropped, the page otherwise idle (`blackhole`) or sending a message every SENDING_EVERY_MS throughout
 * (`blackhole-sending`: its data retransmitted with the pings), the browser's own interface taken down (`link-down`:
 * the browser and the server in a lab namespace pair), the browser's offline emulation, the server process stopped (its kernel still
 * ACKs), and, as the control, the server process killed (a FIN the page hears at once). Through a reverse proxy:
 * nothing at all but the heartbeat, against the proxy's idle timeout (`proxy-idle`), and every packet between the
 * proxy and the server dropped (`proxy-upstream-blackhole`). No fault at all, as the false-alarm tests: a live path
 * that turns slow, every byte held back `oneWayDelayMs` each way (`slow-path`), or a narrow uplink with a large
 * buffer that the page fills with one bulk send, so what it sends next waits behind it (`bulk-send`, bufferbloat).
 */
export const HeartbeatUnder = z.enum(['blackhole', 'blackhole-sending', 'link-down', 'offline', 'server-freeze', 'server-kill', 'proxy-idle', 'proxy-upstream-blackhole', 'slow-path', 'bulk-send']);
export type HeartbeatUnder = z.infer<typeof HeartbeatUnder>;
/** How often the page sends under `blackhole-sending`: a chat's or a ticker's traffic, not a bulk transfer. */
export const SENDING_EVERY_MS = 500;
/** The proxy a heartbeat runs through, and its idle timeout (nginx proxy_read_timeout, HAProxy timeout tunnel). */
export const HeartbeatProxy = z.object({ name: ProxyName, idleTimeoutMs: z.number().int().positive() });
export type HeartbeatProxy = z.infer<typeof HeartbeatProxy>;
export const throughProxy = (under: HeartbeatUnder) => under === 'proxy-idle' || under === 'proxy-upstream-blackhole';
/** The faults that cut the network under the page's connection (a blackhole of it, its link, its page offline). */
export const cutsNetwork = (under: HeartbeatUnder) => under === 'blackhole' || under === 'blackhole-sending' || under === 'link-down' || under === 'offline';
/** The faults made by dropping packets, which need nftables. */
export const dropsPackets = (under: HeartbeatUnder) => under === 'blackhole' || under === 'blackhole-sending' || under === 'proxy-upstream-blackhole';
/**
 * What the page does once its heartbeat gave up: a new socket every retryMs until one echoes, started at once
 * (`on-dead`) or only when the dead socket's `close` event came (`on-close`, as a loop that listens for close alone
 * does). `restoreAfterMs`: the fault is lifted that long after it struck (a network that comes back); without it the
 * fault stays, which under a blackhole of the one connection leaves new connections a working path.
 */
export const HeartbeatReconnect = z.object({
  on: z.enum(['on-dead', 'on-close']),
  retryMs: z.number().int().min(100),
  restoreAfterMs: z.number().int().positive().optional(),
});
export type HeartbeatReconnect = z.infer<typeof HeartbeatReconnect>;
/** bulk-send: the page sends `bytes` at once over an uplink of `uplinkBytesPerSecond`. */
export const BulkSend = z.object({ bytes: z.number().int().positive(), uplinkBytesPerSecond: z.number().int().positive() });
export type BulkSend = z.infer<typeof BulkSend>;
/** How long a bulk send holds the uplink: what the page sends right after it waits this long. */
export const drainMs = (bulk: BulkSend) => (bulk.bytes * 1000) / bulk.uplinkBytesPerSecond;
export const HeartbeatFault = z
  .object({ kind: z.literal('heartbeat'), heartbeat: Heartbeat, under: HeartbeatUnder, proxy: HeartbeatProxy.optional() })
  .extend({
    reconnect: HeartbeatReconnect.optional(),
    oneWayDelayMs: z.number().int().positive().optional(),
    /** slow-path: besides the delay, this share of the packets between page and relay lost at random (TCP repairs it). */
    lossPercent: z.number().int().min(1).max(20).optional(),
    bulkSend: BulkSend.optional(),
    /** How long the heartbeat runs before the fault; on a hidden page, long enough for an engine's later throttling. */
    leadMs: z.number().int().positive().optional(),
  })
  .refine(f => (f.under === 'slow-path') === (f.oneWayDelayMs !== undefined), {
    path: ['oneWayDelayMs'],
    message: 'slow-path needs its delay (oneWayDelayMs, each way); the other faults take none',
  })
  .refine(f => f.lossPercent === undefined || f.under === 'slow-path', { path: ['lossPercent'], message: 'random loss is a slow path\'s (slow-path); the other faults take none' })
  .refine(f => (f.under === 'bulk-send') === (f.bulkSend !== undefined), { path: ['bulkSend'], message: 'bulk-send needs its bulkSend; the other faults take none' })
  // A ping sent within an interval of the bulk waits the drain less its phase: between T and I + T, the phase decides.
  .refine(f => !f.bulkSend || drainMs(f.bulkSend) < f.heartbeat.timeoutMs || drainMs(f.bulkSend) > f.heartbeat.intervalMs + f.heartbeat.timeoutMs, {
    path: ['bulkSend'],
    message: 'a drain between the timeout and interval + timeout gives up or not by the phase of the ping: a race',
  })
  .refine(f => !f.reconnect || ((f.under === 'blackhole' || f.under === 'offline') && f.heartbeat.strategy === 'client-ping'), {
    path: ['reconnect'],
    message: 'a reconnect follows the page\'s own heartbeat (client-ping) under a blackhole or offline emulation',
  })
  .refine(f => f.reconnect?.restoreAfterMs === undefined || f.reconnect.restoreAfterMs > f.heartbeat.intervalMs + f.heartbeat.timeoutMs, {
    path: ['reconnect', 'restoreAfterMs'],
    message: 'the fault must be lifted after the heartbeat\'s latest detection (intervalMs + timeoutMs), or a pong may come back first',
  })
  .refine(f => f.under !== 'offline' || !f.reconnect || f.reconnect.restoreAfterMs !== undefined, {
    path: ['reconnect', 'restoreAfterMs'],
    message: 'offline emulation takes every new socket down too: a reconnect under it needs the network back (restoreAfterMs)',
  })
  .refine(f => f.under !== 'server-freeze' || !serverPings(f.heartbeat) || f.heartbeat.strategy === 'both', {
    path: ['under'],
    message: 'server-freeze cannot be watched by server-ping alone: the stopped server runs no timer',
  })
  .refine(f => throughProxy(f.under) === (f.proxy !== undefined), {
    path: ['proxy'],
    message: 'proxy-idle and proxy-upstream-blackhole need a proxy ({ name, idleTimeoutMs }); the other faults take none',
  });
export type HeartbeatFault = z.infer<typeof HeartbeatFault>;
/** Whether the heartbeat is a proxy's only traffic and comes more often than its idle timeout: then nothing may end. */
export const keepsTunnelOpen = (f: HeartbeatFault) => f.under === 'proxy-idle' && f.proxy !== undefined && f.heartbeat.intervalMs < f.proxy.idleTimeoutMs;
/**
 * What random loss may add to a round trip and still count as a live path: a segment lost twice in a row, resent by
 * TCP after its minimum RTO (200 ms) and again after double that. Three losses in a row (1 segment in 125,000 at 2 %)
 * may outlast it.
 */
export const LOSS_REPAIR_MS = 600;
/** The round trip a slow path gives a ping, with its loss's repairs. */
export const slowPathRoundTripMs = (f: HeartbeatFault) => 2 * (f.oneWayDelayMs ?? 0) + (f.lossPercent ? LOSS_REPAIR_MS : 0);
/** Whether every pong through a slow path comes back within the heartbeat's timeout: then nothing may give up. */
export const outlastsSlowPath = (f: HeartbeatFault) => f.under === 'slow-path' && slowPathRoundTripMs(f) < f.heartbeat.timeoutMs;
/** Whether every ping's wait behind a bulk send is within the heartbeat's timeout: then nothing may give up. */
export const outlastsBulkSend = (f: HeartbeatFault) => f.under === 'bulk-send' && f.bulkSend !== undefined && drainMs(f.bulkSend) < f.heartbeat.timeoutMs;
