import { busy } from '../core/quiet';
import type { HandshakeCase, HandshakeFault, Scenario } from '../scenarios/schema';
import type { HandlerPath } from '../server/handlers';
import type { ScenarioContext } from './context';
import { syncClock } from './clock-sync';
import { calledAt } from './steps';
import { runTrial, type Trial } from './trial';

const offeredSubprotocol = 'wslab-offered';

// Which named server behaviour each case meets (see server/handlers).
const handlers: Record<HandshakeCase, HandlerPath> = {
  dns: '/ws',
  unroutable: '/ws',
  refused: '/ws',
  tls: '/ws',
  'not-websocket': '/plain',
  'subprotocol-mismatch': '/subprotocol-mismatch',
  'abrupt-after-handshake': '/abrupt',
};

/** Where an attempt of this case goes: an endpoint that fails in exactly the case's way. */
async function endpoint(fault: HandshakeFault, ctx: ScenarioContext): Promise<string> {
  if (fault.case === 'refused') return ctx.server.refusedOrigin();
  if (fault.case !== 'dns' && fault.case !== 'unroutable') return ctx.server.freshEndpoint(fault.case === 'tls');
  if (!ctx.namespace) throw new Error(`handshake-fail:${fault.case} needs the browser in a lab network namespace`);
  // Inside the namespace nothing but our server is reachable: the name's lookup and the address's packets are
  // refused there, so nothing leaves the machine.
  return fault.case === 'dns' ? 'ws://wslab-unresolvable.invalid' : `ws://${ctx.namespace.unroutableAddress}`;
}

/**
 * The opening handshake fails; the `new WebSocket()` call is the fault, on the page's clock. One attempt at a
 * time: browsers keep one connection per host in CONNECTING (RFC 6455 §4.1), so concurrent attempts would queue.
 * `fresh` attempts each come from a new page to a new endpoint; `same` ones from one page to one endpoint, which is
 * what shows the browser backing off.
 */
export async function handshakeTrials(fault: HandshakeFault, scenario: Scenario, tags: string[], ctx: ScenarioContext): Promise<Trial[]> {
  const protocols = fault.case === 'subprotocol-mismatch' ? [offeredSubprotocol] : undefined;
  const shared = fault.attempts === 'same' ? await endpoint(fault, ctx) : null;
  const trials: Trial[] = [];
  for (const tag of tags) {
    const url = ctx.server.wsUrl(handlers[fault.case], tag, shared ?? (await endpoint(fault, ctx)));
    const own = fault.attempts === 'fresh' ? await ctx.openPage() : null;
    const { page, recorder } = own ?? ctx;
    try {
      trials.push(
        await runTrial({
          tag,
          page,
          recorder,
          windowMs: scenario.windowMs,
          quiet: scenario.quiet,
          watchLag: scenario.pageState === 'visible',
          syncClock: () => syncClock(recorder, ctx.server),
          server: () => ctx.server.records().find(r => r.tag === tag) ?? null,
          strike: async () => {
            return { pageStamp: calledAt(await recorder.open(tag, url, protocols)) };
          },
        }),
      );
    } finally {
      if (own) await busy(() => own.page.close());
    }
  }
  return trials;
}
