import { NGINX_TIMER_LAZY_MS, tcpGiveUpMs } from '../scenarios/mechanisms';
import { drainMs, type Fault, type HeartbeatFault, keepsTunnelOpen, LOSS_REPAIR_MS, outlastsBulkSend, outlastsSlowPath, type ProxyFault, type ProxyName, SENDING_EVERY_MS, type ServerProcessFault, slowPathRoundTripMs } from '../scenarios/schema';

const duration = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

const serverProcessMechanism: Record<ServerProcessFault['act'], string> = {
  kill: 'the kernel closes a dead process\'s sockets: a FIN, no close frame',
  'kill-unread': 'the kernel closes a socket with unread data by RST (RFC 2525 §2.17), no close frame',
  'term-graceful': 'the server\'s SIGTERM handler sends a close frame 1001, then exits',
  'term-bare': 'SIGTERM without a handler kills the process: the kernel sends a FIN, no close frame',
  freeze: 'a stopped process\'s kernel still ACKs: TCP sees nothing wrong until the receive buffer fills',
  restart: 'a FIN at the kill; then SYNs are refused (RST) until the new process listens on the port',
};

const heartbeatMechanism: Record<Exclude<HeartbeatFault['under'], 'proxy-idle' | 'proxy-upstream-blackhole' | 'slow-path' | 'bulk-send'>, string> = {
  blackhole: 'every packet dropped: the pings are retransmitted, unanswered, long before TCP gives up; only the heartbeat can tell',
  'blackhole-sending': `every packet dropped while the page sends a message every ${SENDING_EVERY_MS} ms: its data and the pings are retransmitted together, unanswered, long before TCP gives up; only the heartbeat can tell`,
  'link-down': "the browser's interface down (its namespace's veth): nothing leaves or arrives; the kernel tells the browser, which may act on a network change; the pings are not answered",
  offline: "browser emulation only, no packet touched: which frames it holds back (the page's, the protocol's pongs) is the engine's choice",
  'server-freeze': "a stopped process's kernel still ACKs: TCP sees nothing wrong, the pings go unanswered",
  'server-kill': "the kernel closes a dead process's sockets: a FIN the page hears before any heartbeat",
};

// Each proxy's idle timer for a tunnel, by its directive.
const idleTimeoutDirective: Record<ProxyName, string> = { nginx: 'proxy_read_timeout', haproxy: 'timeout tunnel' };
const proxyTimeoutName = (proxy: ProxyName) => `${proxy === 'nginx' ? 'nginx' : 'HAProxy'}'s ${idleTimeoutDirective[proxy]}`;

function heartbeatMechanismOf(fault: HeartbeatFault): string {
  const { proxy, under, heartbeat, reconnect } = fault;
  if (reconnect) {
    const loop = `then a new socket every ${duration(reconnect.retryMs)}, ${reconnect.on === 'on-dead' ? 'at once' : "once the dead socket's close event came"}`;
    const back = reconnect.restoreAfterMs ? `; the network back ${duration(reconnect.restoreAfterMs)} after it went` : '; other connections keep a working path';
    return `${heartbeatMechanism[under as 'blackhole' | 'offline']}; ${loop}${back}`;
  }
  if (under === 'slow-path') {
    const loss = fault.lossPercent
      ? `, and ${fault.lossPercent} % of the packets between page and relay lost at random (TCP resends them: up to ${duration(LOSS_REPAIR_MS)} more for a segment lost twice)`
      : ' (no loss; TCP sees loopback)';
    const trip = `a relay holds every byte back ${duration(fault.oneWayDelayMs ?? 0)} each way${loss}: a round trip of ${duration(slowPathRoundTripMs(fault))}`;
    return outlastsSlowPath(fault)
      ? `no fault: ${trip}, within the heartbeat's timeout (${duration(heartbeat.timeoutMs)}), so nothing may give up`
      : `no fault: ${trip}, past the heartbeat's timeout (${duration(heartbeat.timeoutMs)}): every pong comes too late, a false alarm on a live path`;
  }
  if (under === 'bulk-send') {
    const bulk = fault.bulkSend!;
    const queue = `a bulk send of ${Math.round(bulk.bytes / 1024)} KiB into an uplink of ${Math.round(bulk.uplinkBytesPerSecond / 1024)} KiB/s with a buffer that takes it all: what is sent next waits ${duration(drainMs(bulk))} behind it`;
    return outlastsBulkSend(fault)
      ? `no fault: ${queue}, within the heartbeat's timeout (${duration(heartbeat.timeoutMs)}), so nothing may give up`
      : `no fault: ${queue}, past the heartbeat's timeout (${duration(heartbeat.timeoutMs)}): the pings or pongs behind it come too late, a false alarm on a live path`;
  }
  if (under !== 'proxy-idle' && under !== 'proxy-upstream-blackhole') return heartbeatMechanism[under];
  // The schema gives every proxy fault its proxy.
  const { name, idleTimeoutMs } = proxy!;
  const timeout = `${proxyTimeoutName(name)} (${duration(idleTimeoutMs)})`;
  if (under === 'proxy-upstream-blackhole')
    return `every packet between the proxy and the server dropped: the page's side of the proxy stays up, and ${timeout} is out of the window; only a heartbeat can tell`;
  return keepsTunnelOpen(fault)
    ? `no traffic but the heartbeat: its frames every ${duration(heartbeat.intervalMs)} cross the proxy and re-arm ${timeout}`
    : `no traffic but the heartbeat, whose interval (${duration(heartbeat.intervalMs)}) is not shorter than ${timeout}: the proxy ends the tunnel with TCP alone`;
}

function proxyMechanism(fault: ProxyFault): string {
  const timeout = idleTimeoutDirective[fault.proxy];
  switch (fault.act) {
    case 'idle-timeout': {
      // Traffic just after the handshake leaves nginx's lazy timer counting from the handshake: up to 300 ms early.
      const ends = `${proxyTimeoutName(fault.proxy)} (${duration(fault.idleTimeoutMs)}) ends an idle tunnel with TCP alone, no close frame`;
      return fault.proxy === 'nginx' ? `${ends}; its timer is re-armed only when it moves by ≥${NGINX_TIMER_LAZY_MS} ms` : ends;
    }
    case 'idle-timeout-kept-alive':
      return `traffic every ${duration(fault.keepAliveMs ?? 0)} re-arms the proxy's ${timeout} (${duration(fault.idleTimeoutMs)})`;
    case 'reload':
      return fault.shutdownTimeoutMs === null
        ? `a graceful reload leaves open tunnels on the old process, with no deadline: only its ${timeout} (${duration(fault.idleTimeoutMs)}) ends them`
        : `a graceful reload cuts open tunnels at the old process's deadline (${duration(fault.shutdownTimeoutMs)})`;
    case 'proxy-kill':
      return 'the kernel closes the dead proxy\'s sockets: a FIN (RST if it held unread data)';
    case 'upstream-kill':
      return 'the server\'s FIN reaches the proxy, which ends the page\'s side with TCP alone';
    case 'upstream-blackhole':
      return `nothing reaches the proxy from the server; the page's sends re-arm its ${timeout}, so only TCP's retries can end it`;
  }
}

/** TCP's give-up: the mark counts from the first retransmission timeout, and only a timer expiry checks it. */
function giveUpPhrase(retries2: number, lowered: boolean): string {
  const where = lowered ? " in the browser's namespace" : '';
  return `unacknowledged data: TCP gives up at the first retransmission timeout ${duration(tcpGiveUpMs(retries2))} or more after its first (tcp_retries2=${retries2}${where})`;
}

/** What ends (or cannot end) the connection after a fault, in one phrase, as the fault and the kernel settings imply. */
export function mechanismOf(fault: Fault, tcpRetries2: number): string {
  switch (fault.kind) {
    case 'server-close':
    case 'wire-close':
      return 'a close frame over loopback: the page hears it at once';
    case 'server-fin':
      return 'a FIN over loopback: the page hears the stream end at once';
    case 'server-rst':
      return 'an RST over loopback: the page hears the reset at once';
    case 'client-close':
      return "the page's own close(): the closing handshake over loopback";
    case 'page-gone':
      return 'the document goes away: the browser closes its sockets';
    case 'handshake-fail':
      return fault.attempts === 'same' ? "the browser's own delay between failed attempts at one endpoint" : 'the opening handshake fails over loopback';
    case 'network-cut':
      if (fault.method === 'offline') return 'browser emulation only: no packet is touched';
      if (fault.method === 'link-down') return "the browser's interface goes down: its routes vanish, and the OS tells whoever watches the link";
      if (fault.method === 'reject') return 'the next packet either side sends draws a TCP reset';
      if (fault.traffic === 'idle') {
        const k = fault.timers?.keepalive;
        if (!k) return "nothing is sent, so TCP notices nothing (keepalive idle time: the browser's choice)";
        return `nothing is sent: only keepalive notices, ended by the browser namespace's tcp_keepalive_time=${k.timeS} s, intvl=${k.intvlS} s, probes=${k.probes} where the browser sets SO_KEEPALIVE and none of its own`;
      }
      return giveUpPhrase(fault.timers?.tcpRetries2 ?? tcpRetries2, fault.timers !== undefined);
    case 'server-process':
      return serverProcessMechanism[fault.act];
    case 'proxy':
      return proxyMechanism(fault);
    case 'heartbeat':
      return heartbeatMechanismOf(fault);
  }
}
