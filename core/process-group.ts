/**
 * Helper processes as process groups, and the one way the suite kills a group: whole, on close, at exit, or by the
 * next run's sweep (./sweep).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { registerChild } from './containment';
import { onProcessExit } from './exit';
import { groupMembers } from './proc';

/**
 * Sends `signal` (SIGKILL unless given) to every process in group `pgid`, the pid of the group's leader (every
 * helper the suite starts leads a group: spawnGroup's, and Playwright's browsers); nothing if the group is gone.
 * Never the pid alone: once its group is gone the number may belong to an unrelated process.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the whole group is already gone.
  }
}

/**
 * SIGKILLs what is left of group `pgid` and waits, up to `timeoutMs`, until none of it runs: a leader's exit does
 * not end its group, whose members may linger for a moment.
 */
export async function killGroupAndWait(pgid: number, timeoutMs = 1000): Promise<void> {
  if (groupMembers(pgid).length === 0) return;
  signalGroup(pgid);
  for (const deadline = Date.now() + timeoutMs; groupMembers(pgid).length && Date.now() < deadline; ) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

// Process groups still alive; exit teardowns must be synchronous, so they are killed with no grace.
const liveGroups = new Set<number>();

function killLiveGroupsSync(): void {
  for (const pgid of liveGroups) signalGroup(pgid);
  liveGroups.clear();
}

/** A child started as the leader of its own process group, so killing it also kills whatever it spawned. */
export interface GroupProcess {
  readonly child: ChildProcess;
  /** The last few KiB of its stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs` to whatever is left of it. */
  kill(graceMs?: number): Promise<void>;
}

/**
 * Spawns `command` with an argument array as its own process group, killed when this Node process exits.
 * stdin and stdout are discarded; extra pipes (`fds`, from fd 3 on) are for protocols such as Xvfb's -displayfd.
 */
export function spawnGroup(command: string, args: readonly string[], env: NodeJS.ProcessEnv, fds = 0): GroupProcess {
  const child = spawn(command, args, {
    detached: true,
    env,
    stdio: ['ignore', 'ignore', 'pipe', ...Array<'pipe'>(fds).fill('pipe')],
  });
  // Without a pid the spawn failed; the 'error' event carries why and callers see the exit.
  const pgid = child.pid;
  // Registered so that if this process is SIGKILLed, the next run's sweep kills the group.
  const unregister = pgid === undefined ? () => {} : registerChild(pgid, `${command} (process group)`);
  if (pgid !== undefined) {
    liveGroups.add(pgid);
    onProcessExit(killLiveGroupsSync);
  }
  child.on('error', () => {});
  const exited = new Promise<void>(resolve => {
    if (pgid === undefined) resolve();
    child.once('exit', () => resolve());
  });
  let tail = '';
  // Always drained: a full stderr pipe would block the child (WebKit processes log plenty).
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4096);
  });
  return {
    child,
    stderrTail: () => tail.trim(),
    async kill(graceMs = 500) {
      if (pgid === undefined) return;
      signalGroup(pgid, 'SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, graceMs))]);
      // Also when the leader exited in time: its children may still be in the group.
      signalGroup(pgid, 'SIGKILL');
      liveGroups.delete(pgid);
      unregister();
      await exited;
    },
  };
}
