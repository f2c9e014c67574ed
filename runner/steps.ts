import { type Bracket, epochNow } from '../core/clock';
import type { LabPage } from '../drivers/driver';
import type { RecordedEvent } from '../recorder/schema';
import type { Scenario } from '../scenarios/schema';
import type { Recorder } from '../recorder/recorder';
import type { LabServer } from '../server/lab-server';
import type { ServerConnection } from '../server/server-connection';
import type { RawConnection } from '../server/raw-websocket';
import { syncClock } from './clock-sync';
import type { ScenarioContext } from './context';
import type { TrialPlan } from './trial';

// Loopback handshakes finish in milliseconds; this only bounds a broken one.
const HANDSHAKE_TIMEOUT_MS = 10_000;
// A page told to navigate or reload has its next document within tens of ms; this only bounds a broken one.
const PAGE_LEFT_WITHIN_MS = 10_000;
// How often the server's view is polled once the page is gone.
const SERVER_POLL_MS = 5;

/** When the page's own act happened: between just before its call and just after (page clock). */
export function calledAt(e: RecordedEvent): Bracket {
  return { before: 't0' in e ? e.t0 : e.t, after: e.t };
}

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** Opens one socket and waits until it is open; a socket that does not open is the harness's failure, not a finding. */
export async function openOne(recorder: Recorder, tag: string, url: string): Promise<void> {
  const failed = await recorder.openAll([{ tag, url }], HANDSHAKE_TIMEOUT_MS);
  if (failed.length) throw new Error(`socket ${tag} did not open within ${HANDSHAKE_TIMEOUT_MS} ms, before the fault`);
}

/** The server's end of the connection tagged `tag`, of the expected kind. */
export async function connectionOf<T extends ServerConnection | RawConnection>(server: LabServer, tag: string, kind: new (...args: never[]) => T): Promise<T> {
  const connection = await server.connection(tag);
  if (!(connection instanceof kind)) throw new Error(`connection ${tag} is not a ${kind.name}`);
  return connection;
}

/** Waits until the server saw the tagged connection end (true), or `ms` passed (false: a result, not an error). */
export async function serverSawEnd(server: LabServer, tag: string, ms: number): Promise<boolean> {
  const until = epochNow() + ms;
  const ended = () => server.records().find(r => r.tag === tag)?.socketClosedAt != null;
  while (!ended() && epochNow() < until) await sleep(SERVER_POLL_MS);
  return ended();
}

/**
 * Resolves once the document `page` held at `timeOrigin` (its performance.timeOrigin) is replaced by the next, as the
 * page's own navigation or reload commits (a load of ours started sooner would be cut short by it), or after
 * PAGE_LEFT_WITHIN_MS when it never left (a trial that failed before its fault).
 */
export async function documentReplaced(page: LabPage, timeOrigin: unknown): Promise<void> {
  for (const until = Date.now() + PAGE_LEFT_WITHIN_MS; Date.now() < until; await sleep(50)) {
    const now = await page.evaluate('performance.timeOrigin').catch(() => timeOrigin);
    if (now !== timeOrigin) return;
  }
}

/** What every trial of `scenario` tagged `tag` in `ctx` starts from: its page, clock sync and the server's record of it. */
export function basePlan(scenario: Scenario, tag: string, ctx: Pick<ScenarioContext, 'server' | 'page' | 'recorder'>): Omit<TrialPlan, 'strike'> {
  const { server, recorder } = ctx;
  return {
    tag,
    page: ctx.page,
    recorder,
    windowMs: scenario.windowMs,
    quiet: scenario.quiet,
    watchLag: scenario.pageState === 'visible',
    syncClock: () => syncClock(recorder, server),
    server: () => server.records().find(r => r.tag === tag) ?? null,
  };
}
