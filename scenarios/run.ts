import type { LabPage } from '../drivers/driver';
import { cutNetwork, type NetworkCut } from '../faults/network-cut';
import { applyServerFault } from '../faults/server-faults';
import type { Sample } from '../findings/observe';
import { epochNow } from '../recorder/clock';
import type { Recorder } from '../recorder/recorder';
import type { LabServer } from '../server/lab-server';
import type { NetworkCut as NetworkCutFault, Scenario } from './schema';

/** What a scenario needs to run: the worker's server and a fresh lab page. */
export interface ScenarioContext {
  server: LabServer;
  page: LabPage;
  recorder: Recorder;
}

// Loopback handshakes finish in milliseconds; this only bounds a broken one.
const HANDSHAKE_TIMEOUT_MS = 10_000;
// During a restore scenario's cut the page keeps sending, so there is something to be delivered late or lost.
const RESTORE_SEND_INTERVAL_MS = 500;

/**
 * Runs a scenario's runs concurrently, each on its own connection, watches each for `close` until the window
 * (counted from its fault) ends, and returns one sample per run.
 */
export async function runScenario(scenario: Scenario, { server, recorder, page }: ScenarioContext): Promise<Sample[]> {
  const tags = Array.from({ length: scenario.runs }, (_, i) => `${scenario.id}#${i + 1}`);
  const faultAt = new Map<string, number>();
  const fault = scenario.fault;
  const watchWindow = () => recorder.waitClosed(tags, Math.max(0, scenario.windowMs - (epochNow() - Math.min(...faultAt.values()))));

  switch (fault.kind) {
    case 'server-close':
    case 'server-fin':
    case 'server-rst':
      await openAll(recorder, tags, tag => server.wsUrl('/ws', tag));
      for (const tag of tags) faultAt.set(tag, applyServerFault(await server.connection(tag), fault));
      await watchWindow();
      break;
    case 'handshake-fail': {
      const url = fault.case === 'refused' ? await server.refusedUrl() : null;
      for (const tag of tags) faultAt.set(tag, (await recorder.open(tag, url ?? server.wsUrl('/plain', tag))).t);
      await watchWindow();
      break;
    }
    case 'network-cut': {
      await openAll(recorder, tags, tag => server.wsUrl('/ws', tag));
      const connections = await Promise.all(tags.map(tag => server.connection(tag)));
      const cut = await cutNetwork(fault.method, page, connections.map(c => c.record));
      try {
        for (const tag of tags) faultAt.set(tag, cut.faultAt(tag));
        await afterCut(fault, recorder, tags, cut);
        await watchWindow();
      } finally {
        await cut.restore();
      }
    }
  }

  const events = await recorder.events();
  const records = server.records();
  return tags.map(tag => ({
    tag,
    faultAt: faultAt.get(tag)!,
    events: events.filter(e => e.tag === tag || e.tag === '*'),
    server: records.find(r => r.tag === tag) ?? null,
    countDelivery: fault.kind === 'network-cut' && fault.traffic === 'restore',
  }));
}

/** What the page does once the network is cut; for `restore`, the cut is lifted after `cutMs`. */
async function afterCut(fault: NetworkCutFault, recorder: Recorder, tags: string[], cut: NetworkCut): Promise<void> {
  switch (fault.traffic) {
    case 'idle':
      return;
    case 'periodic-send':
      for (const tag of tags) await recorder.sendEvery(tag, fault.periodMs, 'periodic');
      return;
    case 'single-send':
      for (const tag of tags) await recorder.send(tag, 'single');
      return;
    case 'restore':
      for (const tag of tags) await recorder.sendEvery(tag, RESTORE_SEND_INTERVAL_MS, 'during-cut');
      await new Promise(resolve => setTimeout(resolve, fault.cutMs));
      await cut.restore();
      for (const tag of tags) await recorder.stopSending(tag);
  }
}

async function openAll(recorder: Recorder, tags: string[], url: (tag: string) => string): Promise<void> {
  for (const tag of tags) await recorder.open(tag, url(tag));
  if (!(await recorder.waitSettled(tags, HANDSHAKE_TIMEOUT_MS)))
    throw new Error(`the page's sockets did not open within ${HANDSHAKE_TIMEOUT_MS} ms`);
  const events = await recorder.events();
  const failed = tags.filter(tag => !events.some(e => e.tag === tag && e.type === 'open'));
  if (failed.length) throw new Error(`sockets failed to open before the fault: ${failed.join(', ')}`);
}
