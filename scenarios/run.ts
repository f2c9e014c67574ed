import type { Sample } from '../findings/observe';
import { applyServerFault } from '../faults/server-faults';
import type { Recorder } from '../recorder/recorder';
import type { LabServer } from '../server/lab-server';
import type { Scenario } from './schema';

/** What a scenario needs to run: the worker's server and a fresh lab page. */
export interface ScenarioContext {
  server: LabServer;
  recorder: Recorder;
}

// Loopback handshakes finish in milliseconds; this only bounds a broken one.
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** Runs a scenario's runs concurrently, each on its own connection, and returns one sample per run. */
export async function runScenario(scenario: Scenario, { server, recorder }: ScenarioContext): Promise<Sample[]> {
  const tags = Array.from({ length: scenario.runs }, (_, i) => `${scenario.id}#${i + 1}`);
  const faultAt = new Map<string, number>();
  const fault = scenario.fault;

  switch (fault.kind) {
    case 'server-close':
    case 'server-fin':
    case 'server-rst': {
      await openAll(recorder, tags, tag => server.wsUrl('/ws', tag));
      for (const tag of tags) faultAt.set(tag, applyServerFault(await server.connection(tag), fault));
      break;
    }
    case 'handshake-fail': {
      const url = fault.case === 'refused' ? await server.refusedUrl() : null;
      for (const tag of tags) {
        const constructed = await recorder.open(tag, url ?? server.wsUrl('/plain', tag));
        faultAt.set(tag, constructed.t);
      }
      break;
    }
    case 'network-cut':
      throw new Error('network-cut scenarios are not implemented yet');
  }

  await recorder.waitClosed(tags, scenario.windowMs);
  const events = await recorder.events();
  const records = server.records();
  return tags.map(tag => ({
    tag,
    faultAt: faultAt.get(tag)!,
    events: events.filter(e => e.tag === tag || e.tag === '*'),
    server: records.find(r => r.tag === tag) ?? null,
  }));
}

async function openAll(recorder: Recorder, tags: string[], url: (tag: string) => string): Promise<void> {
  for (const tag of tags) await recorder.open(tag, url(tag));
  if (!(await recorder.waitSettled(tags, HANDSHAKE_TIMEOUT_MS)))
    throw new Error(`the page's sockets did not open within ${HANDSHAKE_TIMEOUT_MS} ms`);
  const events = await recorder.events();
  const failed = tags.filter(tag => !events.some(e => e.tag === tag && e.type === 'open'));
  if (failed.length) throw new Error(`sockets failed to open before the fault: ${failed.join(', ')}`);
}
