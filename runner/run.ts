import { epochNow } from '../core/clock';
import { busy } from '../core/quiet';
import { bracketCut, type NetworkCut } from '../faults/network-cut';
import { readSocketState, type SocketState } from '../faults/socket-state';
import { applyServerFault } from '../faults/server-faults';
import type { LabNamespace } from '../faults/netns';
import type { Fault, NetworkCut as NetworkCutFault, Scenario } from '../scenarios/schema';
import { GIVE_UP_ALLOWANCE_MS } from '../scenarios/timing';
import type { LabServer } from '../server/lab-server';
import { Recorder } from '../recorder/recorder';
import { ServerConnection } from '../server/server-connection';
import { RawConnection } from '../server/raw-websocket';
import type { ScenarioContext } from './context';
import { basePlan, calledAt, connectionOf, documentReplaced, openOne, serverSawEnd, sleep } from './steps';
import { handshakeTrials } from './handshake';
import { heartbeatPlan } from './heartbeat-plan';
import { proxyPlan } from './proxy-plan';
import { serverProcessPlan } from './server-process-plan';
import { runTrial, type Struck, type Trial, type TrialPlan } from './trial';


// During a restore scenario's cut the page keeps sending, so there is something to be delivered late or lost.
const RESTORE_SEND_INTERVAL_MS = 500;

type Kind<K extends Fault['kind']> = Extract<Fault, { kind: K }>;

/**
 * Runs the scenario's trials, tagged `<id>#<k>`, each one socket under one fault of its own. Millisecond-scale
 * scenarios run their trials one after another in the test's page, each quietly; long windows run theirs side by
 * side: in the test's page where each trial's fault is its own (a cut of its connection, its own server), in a
 * page (context) of its own where the fault is page-wide (offline emulation), so no fault event or emulation is shared.
 */
export async function runScenario(scenario: Scenario, ctx: ScenarioContext, tags = trialTags(scenario)): Promise<Trial[]> {
  const fault = scenario.fault;
  if (fault.kind === 'handshake-fail') return handshakeTrials(fault, scenario, tags, ctx);
  if ((fault.kind === 'network-cut' || fault.kind === 'heartbeat') && tags.length > 1) {
    if (!pageWide(fault)) return Promise.all(tags.map(tag => runTrial(plan(scenario, tag, ctx))));
    // Each trial its own page; the test's page serves the first.
    const contexts = [ctx, ...(await Promise.all(tags.slice(1).map(() => ctx.openPage())).then(ps => ps.map(p => ({ ...ctx, ...p }))))];
    try {
      return await Promise.all(tags.map((tag, i) => runTrial(plan(scenario, tag, contexts[i]))));
    } finally {
      await Promise.all(contexts.slice(1).map(c => busy(() => c.page.close())));
    }
  }
  const trials: Trial[] = [];
  for (const tag of tags) trials.push(await runTrial(await prepare(scenario, tag, ctx)));
  return trials;
}

/** Offline emulation takes the whole page (its context) off the network: one trial's fault would be every trial's. */
function pageWide(fault: Kind<'network-cut'> | Kind<'heartbeat'>): boolean {
  return fault.kind === 'network-cut' ? fault.method === 'offline' : fault.under === 'offline';
}

/** The tags of a scenario's trials. */
export function trialTags(scenario: Scenario): string[] {
  return Array.from({ length: scenario.trials }, (_, i) => `${scenario.id}#${i + 1}`);
}

/** Opens what the trial needs before its fault (outside any measured span) and returns its plan. */
async function prepare(scenario: Scenario, tag: string, ctx: ScenarioContext): Promise<TrialPlan> {
  const fault = scenario.fault;
  if (fault.kind === 'page-gone' && fault.how === 'close-tab') {
    // Closing the tab is the fault: the trial gets a page of its own.
    return plan(scenario, tag, { ...ctx, ...(await ctx.openPage()) });
  }
  if (fault.kind === 'page-gone') {
    // Leaving or reloading ends only the document: each trial has one of the test's page, then a fresh one is loaded.
    const left = await ctx.page.evaluate('performance.timeOrigin');
    const renew = () => documentReplaced(ctx.page, left).then(() => busy(() => ctx.page.renew()));
    return { ...plan(scenario, tag, { ...ctx, recorder: new Recorder(ctx.page) }), cleanup: renew };
  }
  return plan(scenario, tag, ctx);
}

function plan(scenario: Scenario, tag: string, ctx: ScenarioContext): TrialPlan {
  const { server, recorder } = ctx;
  const base = basePlan(scenario, tag, ctx);
  const fault = scenario.fault;
  switch (fault.kind) {
    case 'server-close':
    case 'server-fin':
    case 'server-rst':
      return withSocket(base, ctx, '/ws', async () => {
        applyServerFault(await connectionOf(server, tag, ServerConnection), fault);
        return {};
      });
    case 'wire-close':
      return withSocket(base, ctx, '/raw', async () => {
        (await connectionOf(server, tag, RawConnection)).writeCloseFrame(closePayload(fault));
        return {};
      });
    case 'client-close':
      return withSocket(base, ctx, '/ws', async () => {
        const call = await recorder.close(tag, fault.code, fault.reason);
        return { pageStamp: calledAt(call), closeExpected: call.type !== 'close-call' || call.threw === null };
      });
    case 'page-gone':
      return withSocket({ ...base, closeSeenBy: 'server', eventsBefore: true, waitClosed: ms => serverSawEnd(server, tag, ms) }, ctx, '/ws', async () => {
        if (fault.how === 'close-tab') await ctx.page.close();
        else await recorder.leave(fault.how);
        return {};
      });
    case 'network-cut':
      return cutPlan(fault, base, ctx);
    case 'server-process':
      return serverProcessPlan(fault, base, ctx);
    case 'proxy':
      return proxyPlan(fault, base, ctx);
    case 'heartbeat':
      return heartbeatPlan(fault, base, ctx);
    case 'handshake-fail':
      throw new Error('handshake trials are planned by runner/handshake');
  }
}

/** The plan with its socket opened first, on `handler`, outside the measured span. */
function withSocket(base: Omit<TrialPlan, 'strike'>, ctx: ScenarioContext, handler: '/ws' | '/raw', strike: () => Promise<Struck>): TrialPlan {
  let opened: Promise<void> | undefined;
  return {
    ...base,
    strike,
    // runTrial calls prepareOpen before anything is measured.
    prepareOpen: () => (opened ??= openOne(ctx.recorder, base.tag, ctx.server.wsUrl(handler, base.tag)).then(() => undefined)),
  };
}

/** Reads the browser's end of the tagged connection: the port the server sees as remote is the browser's own. */
function inspect(namespace: LabNamespace, server: LabServer, tag: string): () => Promise<SocketState> {
  return async () => readSocketState(namespace, (await server.connection(tag)).record.remotePort);
}

function closePayload(fault: Kind<'wire-close'>): Buffer {
  const code = fault.code === null ? Buffer.alloc(0) : Buffer.from([fault.code >> 8, fault.code & 255]);
  return Buffer.concat([code, Buffer.from(fault.reason), Buffer.from(fault.invalidUtf8 ? [0xff] : [])]);
}

/**
 * How much longer than its `cutMs` a restore scenario's cut may last and still be the cut the scenario means. The
 * page call that stops the sends and the restore itself take 0.1-2 s when a dozen namespaces come and go (a link
 * brought up waits for the kernel's rtnl lock; measured, link-down tests side by side); past this, Firefox's ping after
 * the link went is retransmitted too late (see scenarios/catalog, LINK_DOWN_CUT_MS). One Firefox trial's link came back
 * 6 s late in a full run and met Firefox's 10 s ping timeout.
 */
const CUT_OVERRUN_MS = 1_500;

/**
 * Why a trial did not test its scenario: its cut lasted longer than `cutMs` + CUT_OVERRUN_MS (from the end of the
 * cut's bracket, when the cut is surely in force, to the end of the restore, both on Node's clock); null when it did,
 * or when nothing was restored. Decided by the harness's own timing, never by what the browser did, so a trial redone
 * for it is no choice among outcomes.
 */
export function cutOverrun(scenario: Scenario, trial: Trial): string | null {
  const { fault } = scenario;
  if (fault.kind !== 'network-cut' || fault.traffic !== 'restore' || trial.restoredAt === null) return null;
  const heldMs = trial.restoredAt - trial.fault.after;
  return heldMs > fault.cutMs + CUT_OVERRUN_MS ? `the cut lasted ${Math.round(heldMs)} ms, not ${fault.cutMs}` : null;
}

/**
 * Why a lowered-timer trial cannot be judged against the give-up model: the page's event loop stalled for longer than
 * the model's allowance (GIVE_UP_ALLOWANCE_MS) while it waited, so its close may have been seen late by that much or
 * more (one WebKitGTK trial in a loaded CI run: lag 958 ms, close 1.7 s past the model). Decided from the harness's
 * lag watch alone, never from when or whether the socket closed; null when the trial stands.
 */
export function stalledGiveUp(scenario: Scenario, trial: Trial): string | null {
  const { fault } = scenario;
  if (fault.kind !== 'network-cut' || fault.timers?.tcpRetries2 === undefined || fault.traffic === 'idle') return null;
  if (trial.pageLagMs <= GIVE_UP_ALLOWANCE_MS) return null;
  return `the page stalled ${Math.round(trial.pageLagMs)} ms, past the give-up allowance of ${GIVE_UP_ALLOWANCE_MS} ms`;
}

/** Why a trial is run again (a cut that overran, a stalled page under a give-up model), or null when it stands. */
export function redoReason(scenario: Scenario, trial: Trial): string | null {
  return cutOverrun(scenario, trial) ?? stalledGiveUp(scenario, trial);
}

/**
 * A network cut under the trial's socket, then what the page does under it. Where the page's own act follows the
 * cut (a send, a new socket), that act is the fault and the interval is on the page's clock alone.
 */
function cutPlan(fault: NetworkCutFault, base: Omit<TrialPlan, 'strike'>, ctx: ScenarioContext): TrialPlan {
  const { tag, recorder } = base;
  const opensUnderCut = fault.traffic === 'new-socket';
  let cut: NetworkCut | undefined;
  const plan: TrialPlan = {
    ...base,
    prepareOpen: async () => {
      if (!opensUnderCut) await openOne(recorder, tag, ctx.server.wsUrl('/ws', tag));
    },
    // A copy as of the trial's end: the trials' pages are closed after it, and their going-away frames are not its.
    server: () => structuredClone(base.server()),
    // Lowered timers are the question: the RTO and keepalive the kernel holds for the socket are what they act on.
    inspectSocket: fault.timers && ctx.namespace ? inspect(ctx.namespace, ctx.server, tag) : undefined,
    strike: async () => {
      const connection = opensUnderCut ? null : (await ctx.server.connection(tag)).record;
      // The cut itself is the fault, bracketed alone: what the page does under it comes after.
      const cutting = await bracketCut(fault.method, ctx.page, connection, ctx.namespace);
      cut = cutting.value;
      const nodeStamp = cutting.at;
      switch (fault.traffic) {
        case 'idle':
          return { nodeStamp };
        case 'new-socket': {
          return { pageStamp: calledAt(await recorder.open(tag, ctx.server.wsUrl('/ws', tag))) };
        }
        case 'single-send': {
          return { pageStamp: calledAt(await recorder.send(tag, 'single')) };
        }
        case 'periodic-send':
          await recorder.sendEvery(tag, fault.periodMs, 'periodic');
          return { nodeStamp };
        case 'restore': {
          // cutMs counts from the cut itself, whatever the page call that starts the sends takes on a busy machine.
          const restoreAt = nodeStamp.after + fault.cutMs;
          await recorder.sendEvery(tag, RESTORE_SEND_INTERVAL_MS, 'during-cut');
          await sleep(restoreAt - epochNow());
          // Stop first, so every message counted was sent while the cut was in force.
          await recorder.stopSending(tag);
          await cut.restore();
          return { restoredAt: epochNow(), nodeStamp };
        }
      }
    },
    actAfterMs: fault.traffic === 'periodic-send' ? fault.periodMs : undefined,
    faultFromEvents:
      fault.traffic === 'periodic-send'
        ? events => {
            const first = events.find(e => e.type === 'send');
            return first ? calledAt(first) : null;
          }
        : undefined,
    cleanup: () => cut?.restore() ?? Promise.resolve(),
  };
  return plan;
}
