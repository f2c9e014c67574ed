/**
 * Network namespaces for faults that need the browser's own network: the browser runs in a namespace of its own,
 * joined by one veth pair to a second namespace where the server listens, and `link-down` takes the browser's
 * interface down, as when a laptop's cable is pulled. A blackhole only stops packets; this also tells the OS,
 * and with it browsers that watch it.
 *
 * Nothing of this is in the root namespace. Both veth ends are created inside the lab's namespaces, so no link,
 * address or route appears or changes where other tests' browsers live: they react to network changes (Firefox
 * pings every open WebSocket and drops one whose pong does not come within 10 s, which turned a blackholed
 * socket's ~940 s close into ~11 s when the root side of the veth was ours). So namespaces and root-namespace
 * cuts run side by side. The server stays in the worker's process (a helper started inside the server namespace
 * opens the listening socket there and hands it over; a socket keeps the namespace it was made in), or runs there
 * as a process of its own (server/server-process).
 *
 * Names carry the owner's pid so `sweepLeftovers` (../core/sweep) removes a killed run's leftovers: browser
 * namespace `wslab<pid>n<k>` and server namespace `wslab<pid>s<k>`, k being the smallest index not in use by this
 * process. Teardown deletes the veth (both ends), then the namespaces.
 *
 * Addresses: every pair is private, so all use one /29 of 169.254.213.0/24 (link-local): `.1` for the server,
 * `.2` for the browser, and `.6`, held by nobody, as the browser's default gateway. Browsers judge connectivity by
 * whether a public address has a route (Firefox's link service asks the kernel for a route to a public address and
 * reports the link down without one), so the namespace needs a default route to look like an ordinary online host.
 * Traffic may go nowhere but the server, though: an nft table `inet wslab<pid>n<k>` inside the namespace rejects
 * every other IPv4 packet leaving through the veth (admin-prohibited, so the sender fails at once instead of
 * waiting ~3 s for ARP to give up on the gateway, which slowed Firefox's shutdown by seconds). IPv6 has only
 * link-local addresses and no route off the link.
 */
import { spawn } from 'node:child_process';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { labPrefix } from '../core/containment';
import { exec, execSync, nodeScript, type ExecFailure } from '../core/exec';
import { onProcessExit } from '../core/exit';
import { linkWork } from './link-lock';

export interface LabNamespace {
  /** The browser's namespace. */
  readonly name: string;
  /** The server's namespace. */
  readonly serverName: string;
  /** Each side's end of the veth, as named inside its namespace: where packets from the other side arrive. */
  readonly interfaces: { readonly browser: string; readonly server: string };
  /** An address on the browser's subnet that nobody holds; the namespace's firewall refuses packets to it. */
  readonly unroutableAddress: string;
  /** argv prefix that runs a command inside the browser's namespace: ['ip','netns','exec',name] */
  readonly execPrefix: string[];
  /** The server's address on the veth, in the server namespace. */
  readonly serverAddress: string;
  /** A TCP socket listening on the server address, port 0, inside the server namespace. */
  listen(): Promise<Server>;
  /** Takes the browser-side interface down (the fault) / up again. */
  linkDown(): Promise<void>;
  linkUp(): Promise<void>;
  /** Deletes both namespaces, killing whatever still runs inside; later calls return the first call's promise. */
  remove(): Promise<void>;
}

const prefixLength = 29;
const serverAddress = '169.254.213.1';
const browserAddress = '169.254.213.2';
const deadGateway = '169.254.213.6';
/** Interface names: each end is alone in its namespace. */
const serverIf = 'lab-server';
const browserIf = 'lab-browser';

/** Namespace pairs of this process not yet removed, by index; emptied at exit. */
const live = new Map<number, { browser: string; server: string }>();
let availability: Promise<string | null> | undefined;

/**
 * Null when namespaces can be created here, else one actionable sentence (not Linux, not root, `ip` missing,
 * no veth support). Checked once per process by creating and deleting a namespace holding a veth pair.
 */
export function netnsUnavailableReason(): Promise<string | null> {
  availability ??= probe();
  return availability;
}

async function probe(): Promise<string | null> {
  if (process.platform !== 'linux') return `Link-down faults need Linux network namespaces; this is ${process.platform}.`;
  if (process.getuid?.() !== 0) return 'Link-down faults create network namespaces, which needs root: run the suite as root.';
  const name = `${labPrefix}${process.pid}probe`;
  try {
    await ip(['netns', 'add', name]);
    try {
      await ip(['-n', name, 'link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1']);
      await nftIn(name, egressRuleset(name, 'probe0'));
    } finally {
      await ip(['netns', 'delete', name]);
    }
    return null;
  } catch (error) {
    return `Link-down faults are unavailable: ${(error as Error).message}`;
  }
}

/** Kernel settings of the browser's namespace, by sysctl name (`net.ipv4.tcp_retries2`); they go with the namespace. */
export type NamespaceSysctls = Readonly<Record<string, number>>;

/**
 * Creates a browser namespace and a server namespace joined by a veth pair, `lo` and both ends up and addressed,
 * with `sysctls` set in the browser's namespace before anything runs in it.
 */
export function createNamespace(sysctls: NamespaceSysctls = {}): Promise<LabNamespace> {
  return linkWork(() => createPair(sysctls));
}

async function createPair(sysctls: NamespaceSysctls): Promise<LabNamespace> {
  const unavailable = await netnsUnavailableReason();
  if (unavailable !== null) throw new Error(unavailable);
  let k = 0;
  while (live.has(k)) k++;
  const browser = `${labPrefix}${process.pid}n${k}`;
  const server = `${labPrefix}${process.pid}s${k}`;
  onProcessExit(removeAllSync);
  live.set(k, { browser, server });
  // Taking a link down deletes the routes through it, so link-up puts the default route back.
  const defaultRoute = ['-n', browser, 'route', 'replace', 'default', 'via', deadGateway, 'dev', browserIf];
  try {
    for (const ns of [browser, server]) {
      await ip(['netns', 'add', ns]);
      await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    for (const [key, value] of Object.entries(sysctls)) await exec('ip', ['netns', 'exec', browser, 'sysctl', '-qw', `${key}=${value}`], { hint: ipHint });
    // Made inside the server namespace with its peer put straight into the browser's: never in the root namespace.
    await ip(['-n', server, 'link', 'add', serverIf, 'type', 'veth', 'peer', 'name', browserIf, 'netns', browser]);
    await nftIn(browser, egressRuleset(browser, browserIf));
    for (const [ns, dev, address] of [[server, serverIf, serverAddress], [browser, browserIf, browserAddress]]) {
      await ip(['-n', ns, 'addr', 'add', `${address}/${prefixLength}`, 'dev', dev]);
      await ip(['-n', ns, 'link', 'set', dev, 'up']);
    }
    await ip(defaultRoute);
    let removed: Promise<void> | undefined;
    return {
      name: browser,
      serverName: server,
      interfaces: { browser: browserIf, server: serverIf },
      unroutableAddress: deadGateway,
      execPrefix: ['ip', 'netns', 'exec', browser],
      serverAddress,
      listen: () => listenIn(server, serverAddress),
      async linkDown() {
        await ip(['-n', browser, 'link', 'set', browserIf, 'down']);
      },
      async linkUp() {
        await ip(['-n', browser, 'link', 'set', browserIf, 'up']);
        await ip(defaultRoute);
      },
      remove() {
        removed ??= linkWork(() => removeNamespaces(k));
        return removed;
      },
    };
  } catch (error) {
    await removeNamespaces(k).catch(() => {});
    throw error;
  }
}

// Run by Node inside the namespace: listens, hands the listening socket to its parent, and is gone.
const listenerScript = join(__dirname, 'netns-listener.ts');

/** A socket listening on `address`, port 0, made inside `namespace` by a helper that passes it over IPC. */
async function listenIn(namespace: string, address: string): Promise<Server> {
  const helper = spawn('ip', ['netns', 'exec', namespace, ...nodeScript(listenerScript), address], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  helper.stderr!.on('data', chunk => (stderr += chunk));
  return new Promise((resolve, reject) => {
    helper.once('message', (_message, handle) => resolve(handle as Server));
    helper.once('error', error => reject(new Error(`Cannot start a listener in network namespace ${namespace}: ${error.message}`)));
    helper.once('exit', code => {
      if (code !== 0) reject(new Error(`Cannot listen on ${address} in network namespace ${namespace} (exit ${code}): ${stderr.trim() || 'no message'}`));
    });
  });
}

/**
 * Kills what still runs inside (everything in the namespaces is this process's doing) and deletes both
 * namespaces, which takes the veth pair along. Already-gone parts are no error.
 */
async function removeNamespaces(k: number): Promise<void> {
  const entry = live.get(k);
  if (!entry) return;
  for (const name of [entry.browser, entry.server]) killInside(await ip(['netns', 'pids', name]).catch(() => ''));
  // The veth goes first, while the caller waits: the kernel would otherwise unregister it later, holding rtnl then.
  await ip(['-n', entry.server, 'link', 'delete', serverIf]).catch(ignoreGone);
  for (const name of [entry.browser, entry.server]) await ip(['netns', 'delete', name]).catch(ignoreGone);
  live.delete(k);
}

function killInside(pids: string): void {
  for (const pid of pids.split('\n').filter(line => /^\d+$/.test(line))) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // ESRCH: ended meanwhile.
    }
  }
}

function ignoreGone(error: Error): void {
  if (/Cannot find device|No such file or directory|Invalid netns name/.test(error.message)) return;
  throw error;
}

/** The browser namespace's own table: IPv4 leaving through the veth may only go to the server. */
function egressRuleset(table: string, nsIf: string): string {
  return [
    `add table inet ${table}`,
    `add chain inet ${table} egress { type filter hook output priority filter; policy accept; }`,
    `add rule inet ${table} egress oifname "${nsIf}" meta nfproto ipv4 ip daddr != ${serverAddress} reject with icmpx type admin-prohibited`,
    '',
  ].join('\n');
}

/** Applies an nft ruleset inside a namespace (nft has no option for that, so through `ip netns exec`). */
async function nftIn(namespace: string, ruleset: string): Promise<void> {
  await exec('ip', ['netns', 'exec', namespace, 'nft', '-f', '-'], { stdin: ruleset, hint: ipHint });
}

function ip(args: string[]): Promise<string> {
  return exec('ip', args, { hint: ipHint });
}

function ipHint({ forbidden, missing, stderr }: ExecFailure): string | undefined {
  if (missing) return undefined;
  if (forbidden) return 'network namespaces and links need CAP_SYS_ADMIN and CAP_NET_ADMIN: run the suite as root';
  if (/File exists/.test(stderr)) return 'a leftover of an earlier run is in the way: run sweepLeftovers() or delete it by hand';
  if (/Unknown device type|not supported/i.test(stderr)) return 'this kernel lacks veth or namespace support (modprobe veth)';
  return 'compare with `ip netns list` and `ip -br link`';
}

function removeAllSync(): void {
  for (const name of [...live.values()].flatMap(({ browser, server }) => [browser, server])) {
    try {
      killInside(execSync('ip', ['netns', 'pids', name], { timeoutMs: 5_000 }));
      execSync('ip', ['netns', 'delete', name], { timeoutMs: 5_000 });
    } catch {
      // Already gone, or nothing to report to at exit: sweepLeftovers removes it once this pid is gone.
    }
  }
  live.clear();
}
