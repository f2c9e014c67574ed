import type { BrowserContext, Page } from '@playwright/test';
import { z } from 'zod';
import { epochNow } from '../core/clock';

/** When the browser's network layer saw a WebSocket end, on Node's clock: Chromium's own report, a cross-check. */
export interface SocketClosed {
  url: string;
  at: number;
}

const Created = z.object({ requestId: z.string(), url: z.string() });
const Closed = z.object({ requestId: z.string(), timestamp: z.number() });

/**
 * Chromium's DevTools `Network.webSocketClosed` for a page: when the network layer (not the page) saw each socket
 * end. Its timestamps are the browser's monotonic clock in seconds (base::TimeTicks, CLOCK_MONOTONIC on Linux), the
 * clock Node's `process.hrtime` reads too, so they convert to Node's epoch clock exactly, with no sync.
 */
export async function watchSocketCloses(context: BrowserContext, page: Page): Promise<() => SocketClosed[]> {
  const session = await context.newCDPSession(page);
  const monoToEpoch = epochNow() - Number(process.hrtime.bigint()) / 1e6;
  const urls = new Map<string, string>();
  const closed: SocketClosed[] = [];
  session.on('Network.webSocketCreated', event => {
    const e = Created.parse(event);
    urls.set(e.requestId, e.url);
  });
  session.on('Network.webSocketClosed', event => {
    const e = Closed.parse(event);
    const url = urls.get(e.requestId);
    if (url) closed.push({ url, at: e.timestamp * 1000 + monoToEpoch });
  });
  await session.send('Network.enable');
  return () => closed;
}
