import type { WebSocket } from 'ws';
import { epochNow } from '../core/clock';

/** One exchange of a clock sync: Node's clock before and after, the page's reading in between. */
export interface ClockExchange {
  before: number;
  page: number;
  after: number;
}

/**
 * The server's end of a page's clock-sync socket (`/sync`): the server sends a byte, the page answers at once with
 * its clock. Over loopback a round trip takes a fraction of a millisecond, far less than a driver's evaluate.
 */
export class ClockPeer {
  private pending: ((page: number) => void) | null = null;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', data => this.wsOnMessage(String(data)));
  }

  /** One exchange; rejects if the page does not answer within `timeoutMs`. */
  exchange(timeoutMs = 10_000): Promise<ClockExchange> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(new Error(`the page did not answer a clock-sync exchange within ${timeoutMs} ms`));
      }, timeoutMs);
      const before = epochNow();
      this.pending = page => {
        clearTimeout(timer);
        resolve({ before, page, after: epochNow() });
      };
      this.ws.send('t');
    });
  }

  private wsOnMessage(data: string): void {
    const answer = this.pending;
    this.pending = null;
    answer?.(Number(data));
  }
}
