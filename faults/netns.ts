/**
 * Network namespaces for the `link-down` cut: the browser runs in a namespace of its own, joined to the root
 * namespace by one veth pair, and the fault is its own interface going down, as when a laptop's cable is
 * pulled. A blackhole only stops packets; this also tells the OS, and with it browsers that watch it.
 *
 * Names carry the owner's pid so `sweepLeftovers` (./containment) removes a killed run's leftovers:
 * namespace `wslab<pid>n<k>`, veth ends `wslab<pid>h<k>` (root side) and `wslab<pid>b<k>` (browser side),
 * k being the smallest index not in use by this process. Interface names are at most 15 characters.
 *
 * Addresses: each namespace gets a /29 of 169.254.213.0/24 (link-local), slot s: `.8s+1` on the root side,
 * `.8s+2` inside, and `.8s+6`, held by nobody, as the namespace's default gateway. Browsers judge
 * connectivity by whether a public address has a route (Firefox's link service asks the kernel for a route
 * to a public address and reports the link down without one), so the namespace needs a default route to look
 * like an ordinary online host. Traffic may go nowhere but the root-side address, though: an nft table
 * `inet wslab<pid>n<k>` inside the namespace rejects every other IPv4 packet leaving through the veth
 * (admin-prohibited, so the sender fails at once instead of waiting ~3 s for ARP to give up on the gateway,
 * which slowed Firefox's shutdown by seconds), whatever the root namespace's forwarding settings. IPv6 has
 * only link-local addresses and no route off the link.
 *
 * The slot is claimed by adding the root-side address while that interface is still down and then checking
 * that no other interface holds an address in the /29; whoever sees a rival backs off. Of two racing claims
 * the later one always sees the earlier, so two namespaces never keep the same /29, and a down interface's
 * address changes no route of a live one.
 *
 * The root namespace gets nothing but the root-side veth and its address (with the /29 route the kernel adds);
 * no sysctl, nft rule or route of its own is touched. Nothing needs rp_filter or accept_local changes: both ends
 * reach each other over the connected /29 route, which passes strict reverse-path filtering.
 */
import { execFile, execFileSync, type ExecFileException } from 'node:child_process';
import { labPrefix, onProcessExit } from './containment';

export interface LabNamespace {
  readonly name: string;
  /** Root-side veth address the server listens on, e.g. 169.254.213.1 */
  readonly hostAddress: string;
  /** Browser-side veth address inside the namespace */
  readonly nsAddress: string;
  /** An address on the namespace's own subnet that nobody holds; the namespace's firewall refuses packets to it. */
  readonly unroutableAddress: string;
  /** argv prefix that runs a command inside the namespace: ['ip','netns','exec',name] */
  readonly execPrefix: string[];
  /** Takes the browser-side interface down (the fault) / up again. */
  linkDown(): Promise<void>;
  linkUp(): Promise<void>;
  /** Deletes the namespace and both veth ends, killing whatever still runs inside; later calls return the first call's promise. */
  remove(): Promise<void>;
}

/** The /24 every lab namespace takes its /29 from. */
const labSubnet = [169, 254, 213, 0] as const;
const prefixLength = 29;
const slotSize = 2 ** (32 - prefixLength);
const slots = 256 / slotSize;
/** Host numbers inside a slot: root side, namespace side, and the gateway nobody holds. */
const hostSide = 1;
const nsSide = 2;
const deadGateway = slotSize - 2;
/** Linux's IFNAMSIZ less the terminating NUL. */
const maxIfName = 15;

/** Namespaces of this process not yet removed, by index; emptied at exit. */
const live = new Map<number, { name: string; hostIf: string }>();
let availability: Promise<string | null> | undefined;
let exitTeardownAdded = false;

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
      // Everything inside the probe namespace: the check leaves the root namespace untouched.
      await ip(['-n', name, 'link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1']);
      await nftIn(name, egressRuleset(name, 'probe0', address(0, hostSide)));
    } finally {
      await ip(['netns', 'delete', name]);
    }
    return null;
  } catch (error) {
    return `Link-down faults are unavailable: ${(error as Error).message}`;
  }
}

/** Creates a namespace with `lo` up and a veth pair to the root namespace, both ends up and addressed. */
export async function createNamespace(): Promise<LabNamespace> {
  const unavailable = await netnsUnavailableReason();
  if (unavailable !== null) throw new Error(unavailable);
  let k = 0;
  while (live.has(k)) k++;
  const name = `${labPrefix}${process.pid}n${k}`;
  const hostIf = `${labPrefix}${process.pid}h${k}`;
  const nsIf = `${labPrefix}${process.pid}b${k}`;
  if (hostIf.length > maxIfName) {
    throw new Error(
      `Cannot name the veth pair of namespace ${name}: ${hostIf} is longer than Linux's ${maxIfName} characters; ` +
        `this process already has ${live.size} namespaces, remove some before creating more.`,
    );
  }
  if (!exitTeardownAdded) onProcessExit(removeAllSync);
  exitTeardownAdded = true;
  live.set(k, { name, hostIf });
  try {
    await ip(['netns', 'add', name]);
    await ip(['-n', name, 'link', 'set', 'lo', 'up']);
    // Created in the root namespace with its peer put straight into the new one.
    await ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf, 'netns', name]);
    const slot = await claimSlot(hostIf, k);
    const hostAddress = address(slot, hostSide);
    const nsAddress = address(slot, nsSide);
    // Taking a link down deletes the routes through it, so link-up puts the default route back.
    const defaultRoute = ['-n', name, 'route', 'replace', 'default', 'via', address(slot, deadGateway), 'dev', nsIf];
    await nftIn(name, egressRuleset(name, nsIf, hostAddress));
    await ip(['-n', name, 'addr', 'add', `${nsAddress}/${prefixLength}`, 'dev', nsIf]);
    await ip(['-n', name, 'link', 'set', nsIf, 'up']);
    await ip(defaultRoute);
    await ip(['link', 'set', hostIf, 'up']);
    let removed: Promise<void> | undefined;
    return {
      name,
      hostAddress,
      nsAddress,
      unroutableAddress: address(slot, deadGateway),
      execPrefix: ['ip', 'netns', 'exec', name],
      async linkDown() {
        await ip(['-n', name, 'link', 'set', nsIf, 'down']);
      },
      async linkUp() {
        await ip(['-n', name, 'link', 'set', nsIf, 'up']);
        await ip(defaultRoute);
      },
      remove() {
        removed ??= removeNamespace(k);
        return removed;
      },
    };
  } catch (error) {
    await removeNamespace(k).catch(() => {});
    throw error;
  }
}

/**
 * Claims a free slot for `hostIf` (still down): adds its root-side address, then backs off if any other
 * interface has an address inside that /29. The first slot tried derives from pid and k, so concurrent
 * workers mostly start apart and do not retry in lockstep.
 */
async function claimSlot(hostIf: string, k: number): Promise<number> {
  const start = (process.pid * 37 + k * 11) % slots;
  const rivalsSeen: string[] = [];
  for (let i = 0; i < slots; i++) {
    const slot = (start + i) % slots;
    if ((await rivals(slot, hostIf)).length) continue;
    const cidr = `${address(slot, hostSide)}/${prefixLength}`;
    await ip(['addr', 'add', cidr, 'dev', hostIf]);
    const found = await rivals(slot, hostIf);
    if (!found.length) return slot;
    rivalsSeen.push(...found);
    await ip(['addr', 'del', cidr, 'dev', hostIf]);
  }
  throw new Error(
    `No free /${prefixLength} left in ${labSubnet.join('.')}/24 for ${hostIf}${rivalsSeen.length ? ` (last contended: ${rivalsSeen.slice(-3).join(', ')})` : ''}; ` +
      `see \`ip -br addr\`: remove other users of that range, or leftovers of killed runs with sweepLeftovers().`,
  );
}

/** Interfaces of the root namespace, other than `self`, holding an address inside the slot's /29 or a prefix of /24 or longer overlapping it. */
async function rivals(slot: number, self: string): Promise<string[]> {
  const links = JSON.parse(await ip(['-j', '-4', 'addr', 'show'])) as { ifname: string; addr_info?: { local: string; prefixlen: number }[] }[];
  const low = toInt(address(slot, 0));
  const found: string[] = [];
  for (const { ifname, addr_info = [] } of links) {
    if (ifname === self) continue;
    for (const { local, prefixlen } of addr_info) {
      // Two prefixes overlap where the shorter one's mask maps both to the same network.
      const common = mask(prefixlen >= 24 ? Math.min(prefixlen, prefixLength) : prefixLength);
      if ((toInt(local) & common) === (low & common)) found.push(`${ifname} ${local}/${prefixlen}`);
    }
  }
  return found;
}

function address(slot: number, host: number): string {
  return [labSubnet[0], labSubnet[1], labSubnet[2], slot * slotSize + host].join('.');
}

function toInt(dotted: string): number {
  return dotted.split('.').reduce((value, octet) => ((value << 8) | Number(octet)) >>> 0, 0);
}

function mask(prefixlen: number): number {
  return prefixlen === 0 ? 0 : (0xffffffff << (32 - prefixlen)) >>> 0;
}

/**
 * Kills what still runs inside (everything in the namespace is this process's doing), deletes the root-side
 * veth (which takes its peer along) and the namespace. Already-gone parts are no error.
 */
async function removeNamespace(k: number): Promise<void> {
  const entry = live.get(k);
  if (!entry) return;
  const { name, hostIf } = entry;
  killInside(await ip(['netns', 'pids', name]).catch(() => ''));
  await ip(['link', 'delete', hostIf]).catch(ignoreGone);
  await ip(['netns', 'delete', name]).catch(ignoreGone);
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

/** The namespace's own table: IPv4 leaving through the veth may only go to the root-side address. */
function egressRuleset(table: string, nsIf: string, hostAddress: string): string {
  return [
    `add table inet ${table}`,
    `add chain inet ${table} egress { type filter hook output priority filter; policy accept; }`,
    `add rule inet ${table} egress oifname "${nsIf}" meta nfproto ipv4 ip daddr != ${hostAddress} reject with icmpx type admin-prohibited`,
    '',
  ].join('\n');
}

/** Applies an nft ruleset inside a namespace (nft has no option for that, so through `ip netns exec`). */
function nftIn(namespace: string, ruleset: string): Promise<void> {
  const args = ['netns', 'exec', namespace, 'nft', '-f', '-'];
  return new Promise((resolve, reject) => {
    const child = execFile('ip', args, { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const missing = /nft.*No such file or directory|exec of "nft" failed/.test(stderr);
      reject(missing ? new Error(`ip ${args.join(' ')}: nft is not installed; apt-get install nftables.`) : ipError(args, error, stderr));
    });
    child.stdin?.on('error', () => {}); // a broken pipe shows in the exit status
    child.stdin?.end(ruleset);
  });
}

function ip(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) reject(ipError(args, error, stderr));
      else resolve(stdout);
    });
  });
}

function ipError(args: string[], error: ExecFileException, stderr: string): Error {
  const command = `ip ${args.join(' ')}`;
  if (error.code === 'ENOENT') return new Error(`${command}: ip is not installed; apt-get install iproute2.`);
  const why = stderr.trim().replace(/\s*\n\s*/g, ' | ') || error.message;
  const fix = /Operation not permitted|Permission denied/.test(why)
    ? 'network namespaces and links need CAP_SYS_ADMIN and CAP_NET_ADMIN: run the suite as root'
    : /File exists/.test(why)
      ? 'a leftover of an earlier run is in the way: run sweepLeftovers() or delete it by hand'
      : /Unknown device type|not supported/i.test(why)
        ? 'this kernel lacks veth or namespace support (modprobe veth)'
        : 'compare with `ip netns list` and `ip -br link`';
  return new Error(`${command} failed (${why}); ${fix}.`);
}

function removeAllSync(): void {
  for (const { name, hostIf } of live.values()) {
    const sync = (args: string[]) => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 });
    try {
      killInside(sync(['netns', 'pids', name]));
    } catch {
      // Already gone.
    }
    for (const args of [['link', 'delete', hostIf], ['netns', 'delete', name]]) {
      try {
        sync(args);
      } catch {
        // Nothing to report to at exit; sweepLeftovers removes it once this pid is gone.
      }
    }
  }
  live.clear();
}
