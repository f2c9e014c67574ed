/**
 * The sweep of what a killed run (SIGKILL, so no teardown ran) left behind: helper process groups, network
 * namespaces, nft tables and temp dirs, each recognised by the owner pid it carries (./containment) and removed
 * only if that owner is gone. Never touches names without the prefix, nor anything of a concurrent run.
 */
import { rmSync } from 'node:fs';
import { childRecords, labTempDirs, ownerOf, type ChildRecord } from './containment';
import { exec, ExecError } from './exec';
import { groupMembers, isAlive, readStat } from './proc';
import { signalGroup } from './process-group';

/**
 * Removes the processes, network namespaces and nft tables of runs whose owner is dead. Returns one
 * human-readable line per removal (empty when clean). Throws an actionable Error if a leftover exists but cannot
 * be removed (typically: not root).
 */
export async function sweepLeftovers(): Promise<string[]> {
  const removed = sweepChildren();
  // Namespaces first: deleting one also deletes the veth ends inside it, and their peers.
  for (const kind of [netnsKind, tableKind]) {
    for (const leftover of await list(kind)) {
      const owner = ownerOf(leftover.name);
      if (owner === null || isAlive(owner)) continue;
      if (await remove(leftover.remove)) removed.push(`removed ${leftover.label} (owner pid ${owner} is gone)`);
    }
  }
  return removed;
}

/**
 * Removes the lab temp dirs (`wslab<pid>-<kind>-…`) whose owner is gone; returns one line per removal, like
 * {@link sweepLeftovers}. Synchronous and cheap, so every browser launch runs it too.
 */
export function sweepStaleTempDirs(): string[] {
  const removed: string[] = [];
  for (const { path, owner } of labTempDirs()) {
    if (isAlive(owner)) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(`removed ${path} (owner pid ${owner} is gone)`);
  }
  return removed;
}

function sweepChildren(): string[] {
  const killed: string[] = [];
  for (const { record, remove } of childRecords()) {
    if (isAlive(record.ownerPid)) continue;
    const count = killOrphan(record);
    if (count > 0) killed.push(`killed ${count} process(es) of group ${record.pid} (${record.what}; owner pid ${record.ownerPid} is gone)`);
    remove();
  }
  return killed;
}

/** SIGKILLs the orphan's process group (it led one); returns how many live processes that hit. */
function killOrphan(record: ChildRecord): number {
  const leader = readStat(record.pid);
  // A live pid with another start time is an unrelated process that reused the number.
  if (leader !== null && leader.startTime !== record.startTime) return 0;
  // With the leader gone its group may live on: a group id is not reused while the group has members.
  // Zombies are left out of the count: nothing here reaps them, and they hold nothing.
  const victims = groupMembers(record.pid).length;
  signalGroup(record.pid);
  return victims;
}

/** Something named in the system, with the command that deletes it. */
interface Leftover {
  name: string;
  label: string;
  remove: string[];
}

/** A kind of named thing: the command listing them, and how to read its output. */
interface Kind {
  list: string[];
  parse(stdout: string): Leftover[];
}

const netnsKind: Kind = {
  list: ['ip', 'netns', 'list'],
  // Lines look like `wslab1234a (id: 3)` or just `wslab1234a`.
  parse: stdout =>
    stdout
      .split('\n')
      .map(line => line.split(' ')[0])
      .filter(name => name !== '')
      .map(name => ({ name, label: `network namespace ${name}`, remove: ['ip', 'netns', 'delete', name] })),
};

const tableKind: Kind = {
  list: ['nft', 'list', 'tables'],
  parse: stdout =>
    [...stdout.matchAll(/^table (\S+) (\S+)$/gm)].map(([, family, name]) => ({
      name,
      label: `nft table ${family} ${name}`,
      remove: ['nft', 'delete', 'table', family, name],
    })),
};

/**
 * Lists things of a kind; none when the tool is missing or this user may not use it, since then no run under this
 * user can have created any.
 */
async function list(kind: Kind): Promise<Leftover[]> {
  const [command, ...args] = kind.list;
  try {
    return kind.parse(await exec(command, args, { hint: () => 'make that command work and run again' }));
  } catch (error) {
    if (error instanceof ExecError && (error.failure.missing || error.failure.forbidden)) return [];
    throw sweepError(error);
  }
}

/** Deletes a leftover; false if it was already gone (a concurrent sweep, or the other end of a veth pair). */
async function remove([command, ...args]: string[]): Promise<boolean> {
  const byHand = `remove it by hand with \`${[command, ...args].join(' ')}\``;
  try {
    await exec(command, args, { hint: failure => (failure.forbidden ? 'run the suite as root to clean up' : byHand) });
    return true;
  } catch (error) {
    if (error instanceof ExecError && /No such file or directory|Cannot find device/.test(error.failure.stderr)) return false;
    throw sweepError(error);
  }
}

function sweepError(error: unknown): Error {
  return new Error(`Sweeping leftovers of killed runs failed: ${error instanceof Error ? error.message : String(error)}`);
}
