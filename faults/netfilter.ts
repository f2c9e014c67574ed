/**
 * Packet-level cuts of one loopback TCP connection with nftables, in the current network namespace.
 *
 * Every rule lives in this Node process's own table `inet wslab_<pid>`, one base chain per cut, so parallel
 * workers never touch each other's rules, `restore()` deletes exactly one chain, and a killed run's table is
 * recognisable for `sweepLeftovers` (../core/sweep).
 *
 * The chains hook `prerouting` on `lo`, i.e. where a loopback packet arrives, not `output` where it leaves:
 * a drop in `output` fails the sender's transmit locally, and its TCP then holds the data as unsent behind a
 * probe timer instead of retransmitting it, which is not what a dead path looks like. Both directions of a
 * loopback connection arrive through `lo`, so one chain sees them all.
 */
import { labPrefix } from '../core/containment';
import { exec, execSync, type ExecFailure } from '../core/exec';
import { onProcessExit } from '../core/exit';

/** One TCP connection as the server sees it, both ends on loopback; either IP version matches. */
export interface TcpFlow {
  localPort: number;
  remotePort: number;
}

/** The packet-level cuts. */
export type PacketCut = 'blackhole' | 'reject';

/** An applied packet-level cut. */
export interface Cut {
  /** Removes exactly this cut's rules; later calls return the first call's promise. */
  restore(): Promise<void>;
}

const table = `${labPrefix}_${process.pid}`;
// Chains of cuts not yet restored; emptied when the table goes, which makes later restores no-ops.
const liveChains = new Set<string>();
let cutCount = 0;
let tableCreated = false;
let availability: Promise<string | null> | undefined;

/**
 * Why packet-level faults are not possible here (not Linux, nft missing, no CAP_NET_ADMIN, kernel without
 * nft reject support), as one actionable sentence, or null when they are. Checked once per process by
 * having the kernel validate (not commit) a ruleset of the shape cuts use.
 */
export function netfilterUnavailableReason(): Promise<string | null> {
  availability ??= probe();
  return availability;
}

async function probe(): Promise<string | null> {
  if (process.platform !== 'linux') return `Packet-level faults need Linux nftables; this is ${process.platform}.`;
  const ruleset = cutRuleset({ table, chain: 'probe', iif: 'lo' }, { localPort: 1, remotePort: 2 }, 'reject');
  try {
    await nft(['--check', '-f', '-'], ruleset);
    return null;
  } catch (error) {
    return `Packet-level faults are unavailable: ${(error as Error).message}`;
  }
}

/**
 * Drops every packet of the flow in both directions: both ends' TCP retransmit into the void and eventually
 * time out, as on a dead path, while other loopback traffic keeps flowing.
 */
export function blackhole(flow: TcpFlow): Promise<Cut> {
  return cut('blackhole', flow);
}

/**
 * Like a middlebox: answers each packet of the flow, in both directions, with a TCP reset to its sender
 * (nft `reject with tcp reset`). A side learns of the cut only when it next sends.
 */
export function rejectWithReset(flow: TcpFlow): Promise<Cut> {
  return cut('reject', flow);
}

/**
 * Not a cut: drops `percent` % of the packets to and from loopback `port` (each one drawn alone, both directions), a
 * live path's random loss that TCP repairs by retransmitting. `port` is a listener of the trial's own (a relay).
 */
export async function lossAt(port: number, percent: number): Promise<Cut & { dropped(): Promise<number> }> {
  if (!Number.isInteger(percent) || percent < 1 || percent > 99) throw new Error(`Cannot drop ${percent} % of packets: give a whole percentage from 1 to 99.`);
  const verdict = `numgen random mod 100 < ${percent} counter drop`;
  const chain = `loss_${++cutCount}_${port}`;
  const loss = await install(chain, [port], chain => chainRuleset({ table, chain, iif: 'lo' }, [`tcp sport ${port} ${verdict}`, `tcp dport ${port} ${verdict}`]));
  return { ...loss, dropped: async () => droppedBy(await nftOut(['list', 'chain', 'inet', table, chain])) };
}

/** The packets counted by the `counter` statements of a listed chain. */
function droppedBy(listing: string): number {
  return [...listing.matchAll(/counter packets (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

function cut(method: PacketCut, flow: TcpFlow): Promise<Cut> {
  return install(`cut_${++cutCount}_${flow.localPort}_${flow.remotePort}`, [flow.localPort, flow.remotePort], chain => cutRuleset({ table, chain, iif: 'lo' }, flow, method));
}

async function install(chain: string, ports: number[], ruleset: (chain: string) => string): Promise<Cut> {
  for (const port of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Cannot filter TCP port ${port}: it is not a port; pass the socket's localPort and remotePort.`);
  }
  // The table goes at exit with every chain still in it.
  onProcessExit(deleteTableSync);
  tableCreated = true;
  await nft(['-f', '-'], ruleset(chain));
  liveChains.add(chain);
  let restored: Promise<void> | undefined;
  return {
    restore() {
      restored ??= liveChains.delete(chain) ? nft(['delete', 'chain', 'inet', table, chain]) : Promise.resolve();
      return restored;
    },
  };
}

/**
 * One transaction: the table if missing, and a base chain holding the flow's two directions as they arrive
 * through `iif` (here `lo`; a lab namespace's veth end for ./netns-cut).
 */
export function cutRuleset(where: { table: string; chain: string; iif: string }, flow: TcpFlow, method: PacketCut): string {
  // The reset a reject sends travels the flow's other direction, where rejecting it would silently drop it
  // before it reaches the socket it is meant for (observed), so resets are let through.
  const verdict = method === 'blackhole' ? 'drop' : 'tcp flags & rst == 0 reject with tcp reset';
  const rule = (sport: number, dport: number) => `tcp sport ${sport} tcp dport ${dport} ${verdict}`;
  return chainRuleset(where, [rule(flow.localPort, flow.remotePort), rule(flow.remotePort, flow.localPort)]);
}

/** The table if missing, and a base chain of `rules` for packets arriving through `iif`. */
function chainRuleset({ table, chain, iif }: { table: string; chain: string; iif: string }, rules: string[]): string {
  return [
    `add table inet ${table}`,
    // Drop and reject are final whatever the order of chains, so the ordinary `filter` priority suffices:
    // it runs after conntrack and NAT like any filter rule and gets ahead of no other table's chains.
    `add chain inet ${table} ${chain} { type filter hook prerouting priority filter; policy accept; }`,
    ...rules.map(rule => `add rule inet ${table} ${chain} iif "${iif}" ${rule}`),
    '',
  ].join('\n');
}

async function nft(args: string[], stdin?: string): Promise<void> {
  await nftOut(args, stdin);
}

function nftOut(args: string[], stdin?: string): Promise<string> {
  return exec('nft', args, { stdin, hint: nftHint });
}

function nftHint(failure: ExecFailure): string | undefined {
  if (failure.forbidden) return 'editing the firewall needs CAP_NET_ADMIN: run the suite as root';
  if (failure.missing || failure.timedOut) return undefined;
  return `the kernel refused the rules; compare with \`nft list table inet ${table}\``;
}

function deleteTableSync(): void {
  if (!tableCreated) return;
  tableCreated = false;
  liveChains.clear();
  execSync('nft', ['delete', 'table', 'inet', table], { timeoutMs: 5_000 });
}
