import { epochNow } from '../core/clock';
import type { ServerProcessFault } from '../scenarios/schema';
import { ServerProcess } from '../server/server-process';
import { captureEnds, type WireCapture } from '../server/wire-capture';
import type { ScenarioContext } from './context';
import { openOne, sleep } from './steps';
import type { Struck, TrialPlan } from './trial';

// More than Node's socket buffer (16 KiB high-water mark) takes in before it stops reading: the rest stays in the
// kernel's receive queue, which is what makes Linux answer a close with RST.
const UNREAD_BYTES = 256 * 1024;
// Loopback delivers the backlog in well under this; it only has to be in the server's kernel before the kill.
const UNREAD_SETTLE_MS = 100;
const FROZEN_SEND_INTERVAL_MS = 500;

type Base = Omit<TrialPlan, 'strike' | 'server'>;

/**
 * One trial against a server process of its own (server/server-process): opened, then killed, stopped or
 * restarted; the FIN or RST the browser got is captured on loopback. Torn down on success and failure.
 */
export function serverProcessPlan(fault: ServerProcessFault, base: Base, ctx: ScenarioContext): TrialPlan {
  const { tag, recorder } = base;
  let server: ServerProcess | undefined;
  let capture: WireCapture | undefined;
  let restarted: Promise<void> | undefined;
  const retryTag = `${tag}~retry`;
  return {
    ...base,
    retryTag: fault.act === 'restart' ? retryTag : undefined,
    echoes: true,
    prepareOpen: async () => {
      server = await ServerProcess.start(fault.act === 'term-graceful' ? 'graceful' : 'bare');
      capture = await captureEnds(server.port);
      await openOne(recorder, tag, server.wsUrl(tag));
      await server.opened(tag);
      if (fault.act === 'restart') await recorder.reconnect(tag, server.wsUrl(retryTag), fault.retryMs!);
      if (fault.act === 'kill-unread') {
        await server.stopReading(tag);
        await recorder.sendFill(tag, UNREAD_BYTES);
        await sleep(UNREAD_SETTLE_MS);
      }
    },
    strike: () => strike(fault, server!, tag, ctx, promise => (restarted = promise)),
    waitClosed: fault.act === 'restart' ? ms => recorder.waitMessage(retryTag, ms) : undefined,
    wireEnds: () => capture?.stop() ?? Promise.resolve('none'),
    server: () => server?.recordOf(tag) ?? null,
    cleanup: async () => {
      await restarted?.catch(() => {});
      await server?.shutDown();
    },
  };
}

async function strike(fault: ServerProcessFault, server: ServerProcess, tag: string, ctx: ScenarioContext, restarting: (p: Promise<void>) => void): Promise<Struck> {
  switch (fault.act) {
    case 'kill':
    case 'kill-unread':
      server.signal('SIGKILL', tag);
      return {};
    case 'term-graceful':
    case 'term-bare':
      server.signal('SIGTERM', tag);
      return {};
    case 'restart':
      server.signal('SIGKILL', tag);
      // Not awaited: the window runs from the kill, while the page is refused and retries.
      restarting(sleep(fault.downMs!).then(() => server.restart()));
      return {};
    case 'freeze': {
      const before = epochNow();
      server.signal('SIGSTOP', tag);
      const nodeStamp = { before, after: epochNow() };
      if (fault.traffic === 'sending') await ctx.recorder.sendEvery(tag, FROZEN_SEND_INTERVAL_MS, 'frozen');
      await sleep(fault.downMs!);
      // Stop first, so every message counted was sent while the server was stopped.
      if (fault.traffic === 'sending') await ctx.recorder.stopSending(tag);
      server.signal('SIGCONT', tag);
      return { restoredAt: epochNow(), nodeStamp };
    }
  }
}
