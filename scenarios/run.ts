import type { LabPage } from '../drivers/driver';
import { cutNetwork, type NetworkCut } from '../faults/network-cut';
import { applyServerFault } from '../faults/server-faults';
import type { Sample } from '../findings/observe';
import { epochNow } from '../recorder/clock';
import type { LabNamespace } from '../faults/netns';
import type { Recorder } from '../recorder/recorder';
import type { RecordedEvent } from '../recorder/schema';
import { RawConnection } from '../server/raw-websocket';
import type { HandlerPath } from '../server/handlers';
import { ServerConnection, type LabServer } from '../server/lab-server';
import type { Fault, HandshakeCase, NetworkCut as NetworkCutFault, Scenario } from './schema';

/** What a scenario needs to run: the worker's server, the test's lab page, and more pages on demand. */
export interface ScenarioContext {
  server: LabServer;
  page: LabPage;
  recorder: Recorder;
  /** Another lab page of the same browser, isolated from the test's own; the caller closes it. */
  openPage(): Promise<{ page: LabPage; recorder: Recorder }>;
  /** The namespace the browser runs in, for faults that need one (link-down, dns, unroutable). */
  namespace?: LabNamespace;
}

// Loopback handshakes finish in milliseconds; this only bounds a broken one.
const HANDSHAKE_TIMEOUT_MS = 10_000;
// During a restore scenario's cut the page keeps sending, so there is something to be delivered late or lost.
const RESTORE_SEND_INTERVAL_MS = 500;
// How often the server's view is polled once the page is gone.
const SERVER_POLL_MS = 20;

type Kind<K extends Fault['kind']> = Extract<Fault, { kind: K }>;

/** What applying a fault produced: when it struck each connection and what the page recorded. */
interface Applied {
  faultAt: Map<string, number>;
  events: RecordedEvent[];
  restoredAt?: number;
  /** Who can report the close: the page, or only the server (the page is gone). */
  closeSeenBy?: Sample['closeSeenBy'];
}

/**
 * Runs a scenario's runs, each on its own connection (concurrently, but handshakes one at a time), watches each
 * for `close` until the window (counted from its fault) ends, and returns one sample per run.
 */
export async function runScenario(scenario: Scenario, ctx: ScenarioContext): Promise<Sample[]> {
  const tags = Array.from({ length: scenario.runs }, (_, i) => `${scenario.id}#${i + 1}`);
  const applied = await apply(scenario, tags, ctx);
  const records = ctx.server.records();
  return tags.map(tag => ({
    tag,
    faultAt: applied.faultAt.get(tag)!,
    events: applied.events.filter(e => e.tag === tag || e.tag === '*'),
    server: records.find(r => r.tag === tag) ?? null,
    restoredAt: applied.restoredAt ?? null,
    closeSeenBy: applied.closeSeenBy ?? 'page',
  }));
}

async function apply(scenario: Scenario, tags: string[], ctx: ScenarioContext): Promise<Applied> {
  const fault = scenario.fault;
  const watch = (faultAt: Map<string, number>) => remaining(scenario.windowMs, faultAt);
  const watchPage = async (faultAt: Map<string, number>): Promise<Applied> => {
    await ctx.recorder.waitClosed(tags, watch(faultAt));
    return { faultAt, events: await ctx.recorder.events() };
  };
  switch (fault.kind) {
    case 'server-close':
    case 'server-fin':
    case 'server-rst':
      return watchPage(await serverFault(fault, tags, ctx));
    case 'wire-close':
      return watchPage(await wireClose(fault, tags, ctx));
    case 'handshake-fail':
      return handshakeFail(fault, tags, scenario.windowMs, ctx);
    case 'client-close':
      return watchPage(await clientClose(fault, tags, ctx));
    case 'page-gone':
      return leavePage(fault, tags, ctx, watch);
    case 'network-cut':
      return networkCut(fault, tags, ctx, watch);
  }
}

/** What is left of a window that started at the earliest fault. */
function remaining(windowMs: number, faultAt: Map<string, number>): number {
  return Math.max(0, windowMs - (epochNow() - Math.min(...faultAt.values())));
}

async function serverFault(fault: Kind<'server-close' | 'server-fin' | 'server-rst'>, tags: string[], { server, recorder }: ScenarioContext): Promise<Map<string, number>> {
  await openAll(recorder, tags, tag => server.wsUrl('/ws', tag));
  const faultAt = new Map<string, number>();
  for (const tag of tags) faultAt.set(tag, applyServerFault(await connectionOf(server, tag, ServerConnection), fault));
  return faultAt;
}

async function wireClose(fault: Kind<'wire-close'>, tags: string[], { server, recorder }: ScenarioContext): Promise<Map<string, number>> {
  await openAll(recorder, tags, tag => server.wsUrl('/raw', tag));
  const code = fault.code === null ? Buffer.alloc(0) : Buffer.from([fault.code >> 8, fault.code & 255]);
  const payload = Buffer.concat([code, Buffer.from(fault.reason), Buffer.from(fault.invalidUtf8 ? [0xff] : [])]);
  const faultAt = new Map<string, number>();
  for (const tag of tags) faultAt.set(tag, (await connectionOf(server, tag, RawConnection)).writeCloseFrame(payload));
  return faultAt;
}

const offeredSubprotocol = 'wslab-offered';

async function handshakeFail(fault: Kind<'handshake-fail'>, tags: string[], windowMs: number, ctx: ScenarioContext): Promise<Applied> {
  const { server } = ctx;
  const handlers: Record<HandshakeCase, HandlerPath> = {
    dns: '/ws',
    unroutable: '/ws',
    refused: '/ws',
    tls: '/ws',
    'not-websocket': '/plain',
    'subprotocol-mismatch': '/subprotocol-mismatch',
    'abrupt-after-handshake': '/abrupt',
  };
  const handler = handlers[fault.case];
  const { namespace } = ctx;
  const endpoint = async (): Promise<string> => {
    if (fault.case === 'refused') return server.refusedOrigin();
    if (fault.case !== 'dns' && fault.case !== 'unroutable') return server.freshEndpoint(fault.case === 'tls');
    if (!namespace) throw new Error(`handshake-fail:${fault.case} needs the browser in a lab network namespace`);
    // Inside the namespace nothing but our server is reachable: the name's lookup and the address's packets
    // are refused there, so nothing leaves the machine.
    return fault.case === 'dns' ? 'ws://wslab-unresolvable.invalid' : `ws://${namespace.unroutableAddress}`;
  };
  const protocols = fault.case === 'subprotocol-mismatch' ? [offeredSubprotocol] : undefined;
  const faultAt = new Map<string, number>();
  const events: RecordedEvent[] = [];
  const shared = fault.attempts === 'same' ? await endpoint() : null;
  // One at a time: browsers keep one connection per host in CONNECTING (RFC 6455 §4.1), so concurrent runs
  // would queue and each one's time would include the others'.
  for (const tag of tags) {
    const url = server.wsUrl(handler, tag, shared ?? (await endpoint()));
    const fresh = fault.attempts === 'fresh' ? await ctx.openPage() : null;
    const recorder = fresh?.recorder ?? ctx.recorder;
    try {
      faultAt.set(tag, (await recorder.open(tag, url, protocols)).t);
      await recorder.waitClosed([tag], windowMs);
      if (fresh) events.push(...(await recorder.events()));
    } finally {
      await fresh?.page.close();
    }
  }
  return { faultAt, events: shared ? await ctx.recorder.events() : events };
}

async function clientClose(fault: Kind<'client-close'>, tags: string[], { server, recorder }: ScenarioContext): Promise<Map<string, number>> {
  await openAll(recorder, tags, tag => server.wsUrl('/ws', tag));
  const faultAt = new Map<string, number>();
  for (const tag of tags) faultAt.set(tag, (await recorder.close(tag, fault.code, fault.reason)).t);
  return faultAt;
}

async function leavePage(fault: Kind<'page-gone'>, tags: string[], { server, recorder, page }: ScenarioContext, watch: (faultAt: Map<string, number>) => number): Promise<Applied> {
  await openAll(recorder, tags, tag => server.wsUrl('/ws', tag));
  // The page's record ends here; only the server can tell what happened next.
  const events = await recorder.events();
  const at = epochNow();
  if (fault.how === 'close-tab') await page.close();
  else await recorder.leave(fault.how);
  const faultAt = new Map(tags.map(tag => [tag, at]));
  await serverClosed(server, tags, watch(faultAt));
  return { faultAt, events, closeSeenBy: 'server' };
}

/** Waits until the server saw every tagged connection end, or the window passed (a result, not an error). */
async function serverClosed(server: LabServer, tags: string[], windowMs: number): Promise<void> {
  const until = epochNow() + windowMs;
  const closed = () => tags.every(tag => server.records().find(r => r.tag === tag)?.socketClosedAt);
  while (!closed() && epochNow() < until) await new Promise(resolve => setTimeout(resolve, SERVER_POLL_MS));
}

async function networkCut(fault: NetworkCutFault, tags: string[], { server, recorder, page, namespace }: ScenarioContext, watch: (faultAt: Map<string, number>) => number): Promise<Applied> {
  // A new socket is opened under the cut, so there is no connection to cut beforehand.
  const opensUnderCut = fault.traffic === 'new-socket';
  if (!opensUnderCut) await openAll(recorder, tags, tag => server.wsUrl('/ws', tag));
  const connections = opensUnderCut ? [] : await Promise.all(tags.map(tag => server.connection(tag)));
  const cut = await cutNetwork(fault.method, page, connections.map(c => c.record), namespace);
  const faultAt = new Map<string, number>();
  try {
    for (const tag of tags) faultAt.set(tag, opensUnderCut ? (await recorder.open(tag, server.wsUrl('/ws', tag))).t : cut.faultAt(tag));
    const restoredAt = await afterCut(fault, recorder, tags, cut);
    await recorder.waitClosed(tags, watch(faultAt));
    return { faultAt, events: await recorder.events(), restoredAt: restoredAt ?? undefined };
  } finally {
    await cut.restore();
  }
}

/**
 * What the page does once the network is cut. For `restore` the cut is lifted after `cutMs`; returns when
 * (null for the others).
 */
async function afterCut(fault: NetworkCutFault, recorder: Recorder, tags: string[], cut: NetworkCut): Promise<number | null> {
  switch (fault.traffic) {
    case 'idle':
    case 'new-socket':
      return null;
    case 'periodic-send':
      for (const tag of tags) await recorder.sendEvery(tag, fault.periodMs, 'periodic');
      return null;
    case 'single-send':
      for (const tag of tags) await recorder.send(tag, 'single');
      return null;
    case 'restore':
      for (const tag of tags) await recorder.sendEvery(tag, RESTORE_SEND_INTERVAL_MS, 'during-cut');
      await new Promise(resolve => setTimeout(resolve, fault.cutMs));
      // Stop first, so every message counted was sent while the cut was in force.
      for (const tag of tags) await recorder.stopSending(tag);
      await cut.restore();
      return epochNow();
  }
}

async function connectionOf<T extends ServerConnection | RawConnection>(server: LabServer, tag: string, kind: new (...args: never[]) => T): Promise<T> {
  const connection = await server.connection(tag);
  if (!(connection instanceof kind)) throw new Error(`connection ${tag} is not a ${kind.name}`);
  return connection;
}

async function openAll(recorder: Recorder, tags: string[], url: (tag: string) => string): Promise<void> {
  const failed = await recorder.openAll(tags.map(tag => ({ tag, url: url(tag) })), HANDSHAKE_TIMEOUT_MS);
  if (failed.length) throw new Error(`sockets did not open within ${HANDSHAKE_TIMEOUT_MS} ms, before the fault: ${failed.join(', ')}`);
}
