/**
 * Containment of what the suite leaves in the system: nft tables, network namespaces and helper
 * processes. Everything carries the owner's pid, so a later run can tell a killed run's leftovers from
 * a concurrent run's live state and remove only the former.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Prefix of every nft table and network namespace the suite creates. The owner's pid follows it,
 * optionally after `_` or `-`, and is ended by a non-digit or the end of the name:
 * `wslab_1234`, `wslab1234a`, `wslab-1234-srv`.
 */
export const labPrefix = 'wslab';

const ownedName = new RegExp(`^${labPrefix}[_-]?(\\d+)`);
const stateDir = join(tmpdir(), `${labPrefix}-state`);

/** What a state file holds; `startTime` guards against killing an unrelated process that reused the pid. */
interface ChildRecord {
  ownerPid: number;
  pid: number;
  startTime: string | null;
  what: string;
}

/**
 * Records `pid` as a helper process of this Node process, so that if this process is SIGKILLed,
 * {@link sweepLeftovers} in a later run kills the helper's process group. `what` names it in the sweep's report.
 * Returns the function that unregisters it once the helper has been stopped.
 */
export function registerChild(pid: number, what: string): () => void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, `${process.pid}-${pid}.json`);
  const record: ChildRecord = { ownerPid: process.pid, pid, startTime: startTimeOf(pid), what };
  writeFileSync(file, JSON.stringify(record));
  return () => rmSync(file, { force: true });
}

/**
 * Removes what a killed run (SIGKILL) left behind: processes registered with {@link registerChild} whose
 * owner is dead, then network namespaces and nft tables named `wslab<pid>…` whose pid is dead.
 * Returns one human-readable line per removal (empty when clean). Names without the prefix and an owner pid
 * are never touched, and neither is anything whose owner is alive (a concurrent run).
 * Throws an actionable Error if a leftover exists but cannot be removed (typically: not root).
 */
export async function sweepLeftovers(): Promise<string[]> {
  const removed = sweepChildren();
  // Namespaces first: deleting one also deletes the veth ends inside it, and their peers.
  for (const kind of [netnsKind, tableKind]) {
    for (const leftover of await list(kind)) {
      const owner = deadOwner(leftover.name);
      if (owner === null) continue;
      if (await remove(leftover.remove)) removed.push(`removed ${leftover.label} (owner pid ${owner} is gone)`);
    }
  }
  return removed;
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

function sweepChildren(): string[] {
  let files: string[];
  try {
    files = readdirSync(stateDir).filter(file => file.endsWith('.json'));
  } catch {
    return []; // No state directory: nothing was ever registered.
  }
  const killed: string[] = [];
  for (const file of files) {
    const path = join(stateDir, file);
    let record: ChildRecord;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as ChildRecord;
    } catch {
      continue; // Unregistered meanwhile, or still being written by its (live) owner.
    }
    if (isAlive(record.ownerPid)) continue;
    const count = killOrphan(record);
    if (count > 0) {
      killed.push(`killed ${count} process(es) of group ${record.pid} (${record.what}; owner pid ${record.ownerPid} is gone)`);
    }
    rmSync(path, { force: true });
  }
  return killed;
}

/** SIGKILLs the orphan and its process group; returns how many live processes that hit. */
function killOrphan(record: ChildRecord): number {
  const leader = processState(record.pid);
  // A live pid with another start time is an unrelated process that reused the number.
  if (leader !== null && leader.startTime !== record.startTime) return 0;
  // With the leader gone its group may live on: a group id is not reused while the group has members.
  // Zombies are left out of the count: nothing here reaps them, and they hold nothing.
  const victims = livePids().filter(pid => pid === record.pid || processState(pid)?.group === record.pid);
  for (const pid of [-record.pid, record.pid]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ESRCH: no such group (the child was no group leader) or no such process.
    }
  }
  return victims.length;
}

function livePids(): number[] {
  return readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(Number).filter(isAlive);
}

/** The owner pid encoded in a lab name if that process is gone; null for foreign names and live owners. */
function deadOwner(name: string): number | null {
  const match = ownedName.exec(name);
  if (!match) return null;
  const pid = Number(match[1]);
  return isAlive(pid) ? null : pid;
}

/** Whether `pid` runs; a zombie counts as gone, as it holds nothing but its exit status. */
function isAlive(pid: number): boolean {
  const state = processState(pid)?.state;
  return state !== undefined && state !== 'Z';
}

/** The kernel's start time of `pid` (clock ticks since boot), which with the pid identifies one process; null if gone. */
function startTimeOf(pid: number): string | null {
  return processState(pid)?.startTime ?? null;
}

function processState(pid: number): { state: string; group: number; startTime: string } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 3 is the state, field 5 the process group, field 22 the start time.
  return { state: fields[0], group: Number(fields[2]), startTime: fields[19] };
}

/**
 * Lists things of a kind; none when the tool is missing or this user may not use it,
 * since then no run under this user can have created any.
 */
async function list(kind: Kind): Promise<Leftover[]> {
  const result = await run(kind.list);
  if (result.ok) return kind.parse(result.stdout);
  if (result.missing || result.forbidden) return [];
  return fail(kind.list, result.stderr, 'make that command work and run again');
}

/** Deletes a leftover; false if it was already gone (a concurrent sweep, or the other end of a veth pair). */
async function remove(command: string[]): Promise<boolean> {
  const result = await run(command);
  if (result.ok) return true;
  if (/No such file or directory|Cannot find device/.test(result.stderr)) return false;
  return fail(command, result.stderr, result.forbidden ? 'run the suite as root to clean up' : `remove it by hand with \`${command.join(' ')}\``);
}

function fail(command: string[], why: string, fix: string): never {
  throw new Error(`Sweeping leftovers of killed runs failed at \`${command.join(' ')}\` (${why.trim()}); ${fix}.`);
}

type RunResult = { ok: true; stdout: string } | { ok: false; stderr: string; missing: boolean; forbidden: boolean };

function run([command, ...args]: string[]): Promise<RunResult> {
  return new Promise(resolve => {
    execFile(command, args, { timeout: 10_000 }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, stdout });
      resolve({
        ok: false,
        stderr: stderr || error.message,
        missing: error.code === 'ENOENT',
        forbidden: /Operation not permitted/.test(stderr),
      });
    });
  });
}

/** Synchronous teardowns run at exit, latest first, for every lab module that holds system state. */
const exitTeardowns: (() => void)[] = [];
let teardownInstalled = false;

/**
 * Runs `teardown` (synchronous: nothing can be awaited then) when the process exits, and on SIGINT or SIGTERM
 * when no other listener decides about them. One set of signal listeners serves every caller, so two lab
 * modules never each wait for the other to end the process.
 */
export function onProcessExit(teardown: () => void): void {
  exitTeardowns.push(teardown);
  if (teardownInstalled) return;
  teardownInstalled = true;
  process.on('exit', runExitTeardowns);
  process.on('SIGINT', processOnSignal);
  process.on('SIGTERM', processOnSignal);
}

function runExitTeardowns(): void {
  for (const teardown of exitTeardowns.splice(0).reverse()) {
    try {
      teardown();
    } catch {
      // Nothing to report to at exit; sweepLeftovers removes what is left once this pid is gone.
    }
  }
}

function processOnSignal(signal: NodeJS.Signals): void {
  // Another listener (Playwright's worker has one) decides whether the process ends; if it does, 'exit' cleans up.
  if (process.listenerCount(signal) > 1) return;
  runExitTeardowns();
  process.removeListener(signal, processOnSignal);
  // With no listener left the re-raised signal ends the process as it would have without this module.
  process.kill(process.pid, signal);
}
