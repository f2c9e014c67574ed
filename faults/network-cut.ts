import { type Bracket, bracket } from '../core/clock';
import type { LabPage } from '../drivers/driver';
import { z } from 'zod';
import type { ServerConnectionRecord } from '../server/connection-log';
import { blackhole, rejectWithReset } from './netfilter';
import { linksSettled } from './link-lock';
import type { LabNamespace } from './netns';
import { cutInNamespace } from './netns-cut';

/**
 * How the network between page and server is cut: the browser's offline emulation; every packet of the
 * connection dropped (blackhole) or answered with a reset (reject); the browser's own interface taken down
 * (link-down: the browser runs in a namespace of ours, behind a veth pair).
 */
export const CutMethod = z.enum(['offline', 'blackhole', 'reject', 'link-down']);
export type CutMethod = z.infer<typeof CutMethod>;

/** A network cut in force; `restore()` lifts it (idempotent) and the network is as before for the trial's connection. */
export interface NetworkCut {
  restore(): Promise<void>;
}

/**
 * Cuts the network under one trial's connection; it is in force when the promise resolves (the caller brackets
 * the call to know when it struck). `offline` is the browser's emulation for the trial's own page (context) and
 * `link-down` the trial's own namespace's interface; `blackhole` and `reject` are packet-level and cut exactly the
 * connection's TCP flow, on loopback or, when the browser runs in a lab namespace, inside the namespace pair.
 * `connection` is null when the trial opens its socket only under the cut.
 */
async function cutNetwork(method: CutMethod, page: LabPage, connection: ServerConnectionRecord | null, namespace?: LabNamespace): Promise<NetworkCut> {
  if (method === 'link-down') {
    if (!namespace) throw new Error('link-down needs the browser in a lab network namespace');
    await namespace.linkDown();
    let restored: Promise<void> | undefined;
    return { restore: () => (restored ??= namespace.linkUp()) };
  }
  if (method === 'offline') {
    await page.setOffline(true);
    let restored: Promise<void> | undefined;
    return { restore: () => (restored ??= page.setOffline(false)) };
  }
  if (!connection) throw new Error(`a ${method} cut needs an open connection to cut`);
  const flow = { localPort: connection.localPort, remotePort: connection.remotePort };
  if (namespace) return cutInNamespace(namespace, flow, method);
  return (method === 'blackhole' ? blackhole : rejectWithReset)(flow);
}

/**
 * cutNetwork, bracketed: the bracket is the fault's stamp. A link going down waits for the kernel's rtnl lock, which a
 * namespace pair's set-up and teardown hold for up to a second (such brackets were ±40–1000 ms with trials side by
 * side): it waits for them to finish first (./link-lock), outside its bracket.
 */
export function bracketCut(method: CutMethod, page: LabPage, connection: ServerConnectionRecord | null, namespace?: LabNamespace): Promise<{ at: Bracket; value: NetworkCut }> {
  const cut = () => bracket(() => cutNetwork(method, page, connection, namespace));
  return method === 'link-down' ? linksSettled(cut) : cut();
}
