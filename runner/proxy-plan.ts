import { blackhole, type Cut } from '../faults/netfilter';
import type { ProxyFault } from '../scenarios/schema';
import { ReverseProxy } from '../server/proxy';
import { ServerProcess } from '../server/server-process';
import { captureEnds, type WireCapture } from '../server/wire-capture';
import type { ScenarioContext } from './context';
import { calledAt, openOne } from './steps';
import type { Struck, TrialPlan } from './trial';

// Through a dead path the page keeps sending, so there is something for TCP to retransmit.
const BLACKHOLE_SEND_INTERVAL_MS = 1_000;

type Base = Omit<TrialPlan, 'strike' | 'server'>;

/** What a proxy trial holds: the echo server behind, the proxy, the capture on the proxy's browser-facing port. */
interface Stack {
  upstream: ServerProcess;
  proxy: ReverseProxy;
  capture: WireCapture;
  cut?: Cut;
}

/**
 * One trial through a real proxy (nginx or HAProxy, server/proxy) to a server process of its own: the socket opened
 * through both, then the fault at or behind the proxy; the FIN or RST the browser got from the proxy is captured.
 */
export function proxyPlan(fault: ProxyFault, base: Base, ctx: ScenarioContext): TrialPlan {
  const { tag, recorder } = base;
  let stack: Stack | undefined;
  return {
    ...base,
    echoes: true,
    prepareOpen: async () => {
      const upstream = await ServerProcess.start('bare');
      const proxy = await ReverseProxy.start(fault.proxy, { upstreamPort: upstream.port, idleTimeoutMs: fault.idleTimeoutMs, shutdownTimeoutMs: fault.shutdownTimeoutMs });
      stack = { upstream, proxy, capture: await captureEnds(proxy.port) };
      await openOne(recorder, tag, upstream.wsUrl(tag, proxy.port));
      await upstream.opened(tag);
    },
    strike: () => strike(fault, stack!, tag, ctx),
    wireEnds: () => stack?.capture.stop() ?? Promise.resolve('none'),
    server: () => stack?.upstream.recordOf(tag) ?? null,
    cleanup: async () => {
      await stack?.cut?.restore();
      await stack?.proxy.shutDown();
      await stack?.upstream.shutDown();
    },
  };
}

async function strike(fault: ProxyFault, stack: Stack, tag: string, ctx: ScenarioContext): Promise<Struck> {
  const { recorder } = ctx;
  switch (fault.act) {
    case 'idle-timeout':
      // The proxy's idle timer starts at the last byte through it: this message (its echo follows within a ms).
      return { pageStamp: calledAt(await recorder.send(tag, 'last')) };
    case 'idle-timeout-kept-alive': {
      const first = await recorder.send(tag, 'last');
      await recorder.sendEvery(tag, fault.keepAliveMs!, 'keep-alive');
      return { pageStamp: calledAt(first) };
    }
    case 'reload':
      return { nodeStamp: await stack.proxy.reload() };
    case 'proxy-kill':
      stack.proxy.killAbruptly();
      return {};
    case 'upstream-kill':
      stack.upstream.signal('SIGKILL', tag);
      return {};
    case 'upstream-blackhole': {
      const record = stack.upstream.recordOf(tag)!;
      stack.cut = await blackhole({ localPort: record.localPort, remotePort: record.remotePort });
      await recorder.sendEvery(tag, BLACKHOLE_SEND_INTERVAL_MS, 'into-blackhole');
      return {};
    }
  }
}
