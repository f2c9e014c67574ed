import type { LabPage } from '../drivers/driver';
import { epochNow } from '../recorder/clock';
import type { CutMethod } from '../scenarios/schema';
import type { ServerConnectionRecord } from '../server/connection-log';
import { blackhole, rejectWithReset, type Cut } from './netfilter';
import type { LabNamespace } from './netns';

/** A network cut in force: when it began for each connection, and how to lift it. */
export interface NetworkCut {
  faultAt(tag: string): number;
  /** Lifts the cut (idempotent); the network is as before for the scenario's connections. */
  restore(): Promise<void>;
}

/**
 * Cuts the network (the fault time is taken once the cut is certainly in force) under the given connections.
 * `offline` is the browser's emulation and `link-down` the namespace's interface: both cut the whole page at once;
 * `blackhole` and `reject` are packet-level and cut exactly each connection's TCP flow.
 */
export async function cutNetwork(method: CutMethod, page: LabPage, connections: ServerConnectionRecord[], namespace?: LabNamespace): Promise<NetworkCut> {
  if (method === 'link-down') {
    if (!namespace) throw new Error('link-down needs the browser in a lab network namespace');
    await namespace.linkDown();
    const at = epochNow();
    let restored: Promise<void> | undefined;
    return { faultAt: () => at, restore: () => (restored ??= namespace.linkUp()) };
  }
  if (method === 'offline') {
    await page.setOffline(true);
    const at = epochNow();
    return { faultAt: () => at, restore: () => page.setOffline(false) };
  }
  const apply = method === 'blackhole' ? blackhole : rejectWithReset;
  const cuts = new Map<string, { at: number; cut: Cut }>();
  try {
    for (const c of connections) {
      const cut = await apply({ localPort: c.localPort, remotePort: c.remotePort });
      cuts.set(c.tag, { at: epochNow(), cut });
    }
  } catch (err) {
    await Promise.all([...cuts.values()].map(({ cut }) => cut.restore()));
    throw err;
  }
  return {
    faultAt: tag => cuts.get(tag)!.at,
    restore: async () => {
      await Promise.all([...cuts.values()].map(({ cut }) => cut.restore()));
    },
  };
}
