import { z } from 'zod';
import { CutMethod } from '../faults/network-cut';
import { ServerFault } from '../faults/server-faults';
import { Heartbeat, serverPings } from './heartbeat';

export { CutMethod };

/**
 * The opening handshake fails; the `new WebSocket()` call is the moment of the fault. The cases are the
 * standard's situations a page must not be able to tell apart (WHATWG WebSockets, "fail the WebSocket connection").
 */
export const HandshakeCase = z.enum([
  'dns',
  'unroutable',
  'refused',
  'tls',
  'not-websocket',
  'subprotocol-mismatch',
  'abrupt-after-handshake',
]);
export type HandshakeCase = z.infer<typeof HandshakeCase>;
export const HandshakeFault = z.object({
  kind: z.literal('handshake-fail'),
  case: HandshakeCase,
  /**
   * `fresh`: every run from a new page to a new endpoint, so each attempt is timed alone. `same`: every run from
   * one page to one endpoint, one after another, which shows the browser backing off (RFC 6455 §7.2.3).
   */
  attempts: z.enum(['fresh', 'same']).default('fresh'),
});
export type HandshakeFault = z.infer<typeof HandshakeFault>;

/** The server writes a close frame byte by byte, bypassing ws's checks: any code, any reason, invalid ones too. */
const WireClose = z.object({
  kind: z.literal('wire-close'),
  /** null: a close frame with an empty payload. */
  code: z.number().int().min(0).max(65535).nullable(),
  reason: z.string().default(''),
  /** Append a byte that is never valid UTF-8 (0xFF) to the reason. */
  invalidUtf8: z.boolean().default(false),
});

/** The page itself ends the socket: `close(code, reason)`, or by leaving the page. */
const ClientClose = z.object({
  kind: z.literal('client-close'),
  code: z.number().int().optional(),
  reason: z.string().optional(),
});
const PageGone = z.object({ kind: z.literal('page-gone'), how: z.enum(['navigate', 'reload', 'close-tab']) });

/**
 * What the page does after the cut: nothing, send every `periodMs`, send once, keep sending through a short
 * cut that is then lifted — or open a new socket while cut (emulation only: packet-level cuts are per flow).
 */
export const Traffic = z.enum(['idle', 'periodic-send', 'single-send', 'restore', 'new-socket']);

/**
 * Kernel TCP timers of the browser's network namespace (a lab namespace of its own, so the root namespace's are
 * never touched), lowered so the kernel answers within a quick window. Each is the sysctl of the same name.
 */
export const TcpTimers = z
  .object({
    /** net.ipv4.tcp_retries2: how long unacknowledged data is retransmitted; above the default 15 it only lasts longer. */
    tcpRetries2: z.number().int().min(1).max(15).optional(),
    /**
     * net.ipv4.tcp_keepalive_{time,intvl,probes}, in seconds and probes: they apply only to sockets with SO_KEEPALIVE
     * that do not set their own (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT); the kernel's limits bound them.
     */
    keepalive: z
      .object({
        timeS: z.number().int().min(1).max(32_767),
        intvlS: z.number().int().min(1).max(32_767),
        probes: z.number().int().min(1).max(127),
      })
      .optional(),
  })
  .refine(t => t.tcpRetries2 !== undefined || t.keepalive !== undefined, { message: 'timers must lower tcpRetries2, keepalive or both' });
export type TcpTimers = z.infer<typeof TcpTimers>;

export const NetworkCut = z.object({
  kind: z.literal('network-cut'),
  method: CutMethod,
  traffic: Traffic,
  /** Send interval for periodic-send (the seed used 10 s). */
  periodMs: z.number().int().positive().default(10_000),
  /** How long the cut lasts for restore. */
  cutMs: z.number().int().positive().default(3_000),
  /** Lowered kernel timers for the browser's namespace; absent: the kernel's defaults. */
  timers: TcpTimers.optional(),
}).refine(cut => cut.traffic !== 'new-socket' || cut.method === 'offline', {
  path: ['traffic'],
  message: 'new-socket needs method offline: packet-level cuts apply to one existing connection',
}).refine(cut => cut.timers === undefined || cut.method === 'blackhole', {
  path: ['timers'],
  message: 'timers need method blackhole: the kernel answers a dead path with its timers, the other cuts answer sooner',
});
export type NetworkCut = z.infer<typeof NetworkCut>;

/**
 * The server as an OS process of its own meets its end: SIGKILL with the page idle, or while it holds unread bytes
 * from the page (Linux answers with RST then); SIGTERM to a server that closes its clients with 1001 first, or to
 * one with no handler; SIGSTOP for `downMs`, then SIGCONT (a frozen server); SIGKILL, then the server started
 * again on the same port after `downMs` while the page reconnects every `retryMs`.
 */
const ServerProcessAct = z.enum(['kill', 'kill-unread', 'term-graceful', 'term-bare', 'freeze', 'restart']);
export const ServerProcessFault = z
  .object({
    kind: z.literal('server-process'),
    act: ServerProcessAct,
    /** What the page does meanwhile: nothing, or send every 500 ms (freeze: are messages late, lost, doubled?). */
    traffic: z.enum(['idle', 'sending']).default('idle'),
    /** freeze: how long the process is stopped; restart: how long it is down. */
    downMs: z.number().int().positive().optional(),
    /** restart: the page's fixed delay between reconnect attempts. */
    retryMs: z.number().int().positive().optional(),
  })
  .refine(f => (f.act !== 'freeze' && f.act !== 'restart') || f.downMs !== undefined, { path: ['downMs'], message: 'freeze and restart need downMs' })
  .refine(f => f.act !== 'restart' || f.retryMs !== undefined, { path: ['retryMs'], message: 'restart needs retryMs' })
  .refine(f => f.traffic === 'idle' || f.act === 'freeze', { path: ['traffic'], message: 'only freeze sends during the fault' });
export type ServerProcessFault = z.infer<typeof ServerProcessFault>;

/** A reverse proxy from the distribution, between the page and the server process. */
export const ProxyName = z.enum(['nginx', 'haproxy']);
export type ProxyName = z.infer<typeof ProxyName>;
/**
 * What happens at or behind the proxy: nothing (its idle timeout ends the tunnel), nothing while the page sends
 * every `keepAliveMs` (< the timeout), a graceful reload, SIGKILL of the proxy, SIGKILL of the server behind it, or
 * every packet between proxy and server dropped while the page sends.
 */
const ProxyAct = z.enum(['idle-timeout', 'idle-timeout-kept-alive', 'reload', 'proxy-kill', 'upstream-kill', 'upstream-blackhole']);
export const ProxyFault = z
  .object({
    kind: z.literal('proxy'),
    proxy: ProxyName,
    act: ProxyAct,
    /** nginx proxy_read_timeout, HAProxy timeout tunnel. */
    idleTimeoutMs: z.number().int().positive(),
    /** idle-timeout-kept-alive: the page's send interval. */
    keepAliveMs: z.number().int().positive().optional(),
    /** reload: nginx worker_shutdown_timeout, HAProxy hard-stop-after; null = the default, none. */
    shutdownTimeoutMs: z.number().int().positive().nullable().default(null),
  })
  .refine(f => f.act !== 'idle-timeout-kept-alive' || (f.keepAliveMs !== undefined && f.keepAliveMs < f.idleTimeoutMs), {
    path: ['keepAliveMs'],
    message: 'idle-timeout-kept-alive needs keepAliveMs below idleTimeoutMs',
  });
export type ProxyFault = z.infer<typeof ProxyFault>;

/**
 * What a heartbeat runs under, each leaving the socket open for the transport: every packet of the connection
 * dropped (the page otherwise idle), the browser's offline emulation, the server process stopped (its kernel still
 * ACKs), and, as the control, the server process killed (a FIN the page hears at once). Through a reverse proxy:
 * nothing at all but the heartbeat, against the proxy's idle timeout (`proxy-idle`), and every packet between the
 * proxy and the server dropped (`proxy-upstream-blackhole`). No fault at all, as the false-alarm test: a live path
 * that turns slow, every byte held back `oneWayDelayMs` each way (`slow-path`).
 */
export const HeartbeatUnder = z.enum(['blackhole', 'offline', 'server-freeze', 'server-kill', 'proxy-idle', 'proxy-upstream-blackhole', 'slow-path']);
export type HeartbeatUnder = z.infer<typeof HeartbeatUnder>;
/** The proxy a heartbeat runs through, and its idle timeout (nginx proxy_read_timeout, HAProxy timeout tunnel). */
export const HeartbeatProxy = z.object({ name: ProxyName, idleTimeoutMs: z.number().int().positive() });
export type HeartbeatProxy = z.infer<typeof HeartbeatProxy>;
export const throughProxy = (under: HeartbeatUnder) => under === 'proxy-idle' || under === 'proxy-upstream-blackhole';
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
export const HeartbeatFault = z
  .object({ kind: z.literal('heartbeat'), heartbeat: Heartbeat, under: HeartbeatUnder, proxy: HeartbeatProxy.optional() })
  .extend({ reconnect: HeartbeatReconnect.optional(), oneWayDelayMs: z.number().int().positive().optional() })
  .refine(f => (f.under === 'slow-path') === (f.oneWayDelayMs !== undefined), {
    path: ['oneWayDelayMs'],
    message: 'slow-path needs its delay (oneWayDelayMs, each way); the other faults take none',
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
/** Whether every pong through a slow path comes back within the heartbeat's timeout: then nothing may give up. */
export const outlastsSlowPath = (f: HeartbeatFault) => f.under === 'slow-path' && 2 * (f.oneWayDelayMs ?? 0) < f.heartbeat.timeoutMs;

export const Fault = z.discriminatedUnion('kind', [
  ...ServerFault.options,
  HandshakeFault,
  WireClose,
  ClientClose,
  PageGone,
  NetworkCut,
  ServerProcessFault,
  ProxyFault,
  HeartbeatFault,
]);
export type Fault = z.infer<typeof Fault>;

/** The lab page in front (`visible`), or behind another tab with the engine's hidden-page throttling (`hidden`). */
export const PageState = z.enum(['visible', 'hidden']);
export type PageState = z.infer<typeof PageState>;

/** One scenario: a stable id (used in test titles, --grep and the findings), the fault, and how long to watch. */
export const Scenario = z.object({
  id: z.string().regex(/^[a-z-]+(:[a-z0-9-]+)*$/, 'an id is lowercase words joined by "-" and ":"'),
  fault: Fault,
  /** How long after the fault the page is watched for `close`; nothing within it is recorded as such. */
  windowMs: z.number().int().positive(),
  /** Independent trials: each one socket under one fault of its own. */
  trials: z.number().int().min(1),
  /**
   * Millisecond-scale: each trial is measured with the machine to itself (runner/quiet), one after another.
   * Otherwise the trials' long windows overlap, each in a page of its own.
   */
  quiet: z.boolean(),
  pageState: PageState.default('visible'),
});
export type Scenario = z.infer<typeof Scenario>;

/** Validates a scenario definition; a malformed one is rejected with a message naming the field. */
export function defineScenario(input: z.input<typeof Scenario>): Scenario {
  const parsed = Scenario.safeParse(input);
  if (!parsed.success) {
    const id = typeof input?.id === 'string' ? input.id : '(no id)';
    throw new Error(`malformed scenario ${id}:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
