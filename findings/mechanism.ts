import { tcpGiveUpMs } from '../scenarios/mechanisms';
import type { Fault } from '../scenarios/schema';

const duration = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

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
      if (fault.traffic === 'idle') return "nothing is sent, so TCP notices nothing (keepalive idle time: the browser's choice)";
      return `unacknowledged data: TCP gives up after tcp_retries2=${tcpRetries2} (${duration(tcpGiveUpMs(tcpRetries2))})`;
  }
}
