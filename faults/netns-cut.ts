/**
 * Packet-level cuts of one connection between a lab namespace pair's browser and server (./netns), made inside the
 * pair. Each namespace gets a chain that drops (or rejects) the flow where its packets arrive from the other side,
 * on its veth end: the browser's retransmissions die on arrival at the server's side, the server's at the
 * browser's. Neither sender's own transmit fails, so its TCP retransmits as on a dead path (a drop where a packet
 * leaves would fail the send locally; see ./netfilter). The tables need no sweeping: they go with the namespaces.
 */
import { exec } from '../core/exec';
import { cutRuleset, type Cut, type PacketCut, type TcpFlow } from './netfilter';
import type { LabNamespace } from './netns';

// One table per namespace, which only this process's cuts use.
const table = 'wslab_cut';
let cutCount = 0;

function nftIn(namespace: string, args: string[], stdin?: string): Promise<string> {
  return exec('ip', ['netns', 'exec', namespace, 'nft', ...args], {
    stdin,
    hint: f => (f.forbidden ? 'editing a namespace firewall needs CAP_NET_ADMIN: run the suite as root' : undefined),
  });
}

/**
 * Cuts the connection `flow` (as the server sees it: its own port local) inside the namespace pair; in force when
 * the promise resolves.
 */
export async function cutInNamespace(namespace: LabNamespace, flow: TcpFlow, method: PacketCut): Promise<Cut> {
  const chain = `cut_${++cutCount}_${flow.localPort}_${flow.remotePort}`;
  const sides = [
    { ns: namespace.serverName, iif: namespace.interfaces.server },
    { ns: namespace.name, iif: namespace.interfaces.browser },
  ];
  await Promise.all(sides.map(({ ns, iif }) => nftIn(ns, ['-f', '-'], cutRuleset({ table, chain, iif }, flow, method))));
  let restored: Promise<void> | undefined;
  return {
    restore() {
      restored ??= Promise.all(sides.map(({ ns }) => nftIn(ns, ['delete', 'chain', 'inet', table, chain]))).then(() => undefined);
      return restored;
    },
  };
}
