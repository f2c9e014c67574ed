import { busy } from '../core/quiet';
import type { HandshakeCase, HandshakeFault, Scenario } from '../scenarios/schema';
import type { HandlerPath } from '../server/handlers';
import { Recorder } from '../recorder/recorder';
import type { ScenarioContext } from './context';
import { basePlan, calledAt } from './steps';
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

/** Where attempt `n` of this case goes: an endpoint that fails in exactly the case's way. */
async function endpoint(fault: HandshakeFault, ctx: ScenarioContext, n: number): Promise<string> {
  if (fault.case === 'refused') return ctx.server.refusedOrigin();
  if (fault.case !== 'dns' && fault.case !== 'unroutable') return ctx.server.freshEndpoint(fault.case === 'tls');
  if (!ctx.namespace) throw new Error(`handshake-fail:${fault.case} needs the browser in a lab network namespace`);
  // Inside the namespace nothing but our server is reachable: the name's lookup and the address's packets are
  // refused there, so nothing leaves the machine. A name of its own per attempt: no attempt meets a cached failure.
  return fault.case === 'dns' ? `ws://wslab-unresolvable-${n}.invalid` : `ws://${ctx.namespace.unroutableAddress}`;
}

/**
 * The opening handshake fails; the `new WebSocket()` call is the fault, on the page's clock. One attempt at a
 * time: browsers keep one connection per host in CONNECTING (RFC 6455 §4.1), so concurrent attempts would queue.
 * `fresh` attempts each come from a fresh document of the test's page to a new endpoint; `same` ones from one
 * document to one endpoint, which is what shows the browser backing off.
 *
 * A document, not a browser context: a context costs seconds of CPU and so of the quiet lock (core/quiet), and the
 * engines' failure memory is not per context. Firefox delays reconnects per host and port (its FailDelayManager),
 * which a new endpoint avoids. Chromium delays a renderer process's new sockets by U(1, 5) s × 2^(failures /
 * (successes + 1)) / 65536 (services/network/websocket_throttler.cc): each document opens its clock-sync socket, a
 * success, before its attempt, so failures never outnumber successes and the delay stays under 0.08 ms.
 */
export async function handshakeTrials(fault: HandshakeFault, scenario: Scenario, tags: string[], ctx: ScenarioContext): Promise<Trial[]> {
  const protocols = fault.case === 'subprotocol-mismatch' ? [offeredSubprotocol] : undefined;
  const shared = fault.attempts === 'same' ? await endpoint(fault, ctx, 0) : null;
  const trials: Trial[] = [];
  for (const [n, tag] of tags.entries()) {
    const url = ctx.server.wsUrl(handlers[fault.case], tag, shared ?? (await endpoint(fault, ctx, n + 1)));
    // The test's page comes as a fresh document; later attempts load another.
    if (shared === null && n > 0) await busy(() => ctx.page.renew());
    const recorder = shared === null ? new Recorder(ctx.page) : ctx.recorder;
    trials.push(
      await runTrial({
        ...basePlan(scenario, tag, { ...ctx, recorder }),
        strike: async () => ({ pageStamp: calledAt(await recorder.open(tag, url, protocols)) }),
      }),
    );
  }
  return trials;
}
