import { z } from 'zod';
import { CutMethod } from '../faults/network-cut';
import { ServerFault } from '../faults/server-faults';
import { HeartbeatFault } from './heartbeat-fault';
import { ProxyFault } from './proxy-fault';

// The scenario vocabulary is imported from here; proxies' and heartbeats' faults live in modules of their own.
export { CutMethod };
export {
  cutsNetwork,
  drainMs,
  dropsPackets,
  HeartbeatFault,
  HeartbeatProxy,
  HeartbeatReconnect,
  HeartbeatUnder,
  keepsTunnelOpen,
  LOSS_REPAIR_MS,
  outlastsBulkSend,
  outlastsSlowPath,
  SENDING_EVERY_MS,
  slowPathRoundTripMs,
  throughProxy,
} from './heartbeat-fault';
export { ProxyFault, ProxyName } from './proxy-fault';

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
   * `fresh`: every run from a fresh document to a new endpoint, so each attempt is timed alone. `same`: every run from
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
