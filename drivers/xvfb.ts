import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { registerChild } from '../faults/containment';

// Process groups still alive; 'exit' handlers must be synchronous, so they are killed with no grace.
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
});

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the whole group is already gone.
  }
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
export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, fds = 0): GroupProcess {
  const child = spawn(command, args, {
    detached: true,
    env,
    stdio: ['ignore', 'ignore', 'pipe', ...Array<'pipe'>(fds).fill('pipe')],
  });
  // Without a pid the spawn failed; the 'error' event carries why and callers see the exit.
  const pgid = child.pid;
  // Registered so that if this process is SIGKILLed, the next run's sweep kills the group.
  const unregister = pgid === undefined ? () => {} : registerChild(pgid, `${command} (process group)`);
  if (pgid !== undefined) liveGroups.add(pgid);
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

/** A private X server. */
export interface Xvfb {
  /** The value for DISPLAY, e.g. `:3`. */
  readonly display: string;
  close(): Promise<void>;
}

/**
 * Starts Xvfb on a display number it picks itself (-displayfd), so parallel workers never collide,
 * and resolves once it accepts clients. Throws a one-line actionable Error if Xvfb is missing or fails.
 */
export async function startXvfb(xvfbPath = '/usr/bin/Xvfb', timeoutMs = 10_000): Promise<Xvfb> {
  if (!existsSync(xvfbPath)) throw new Error(`Xvfb not found at ${xvfbPath}: apt-get install xvfb`);
  // -nolisten tcp: clients reach it only through its local socket.
  const xvfb = spawnGroup(xvfbPath, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x800x24'], process.env, 1);
  // Spawned as 'pipe', so a stream Xvfb writes to.
  const fd3 = xvfb.child.stdio[3] as Readable | null;
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb ${why}: ${xvfb.stderrTail().split('\n').slice(-3).join(' | ') || 'no stderr'}`));
    };
    const timer = setTimeout(() => fail(`did not report a display within ${timeoutMs} ms`), timeoutMs);
    fd3?.setEncoding('utf8');
    fd3?.on('data', (chunk: string) => {
      text += chunk;
      if (!text.includes('\n')) return;
      clearTimeout(timer);
      resolve(`:${text.trim()}`);
    });
    xvfb.child.once('exit', code => fail(`exited (code ${code}) before reporting a display`));
    xvfb.child.once('error', error => fail(`did not start (${error.message})`));
  }).catch(async (error: unknown) => {
    await xvfb.kill(0);
    throw error;
  });
  return { display, close: () => xvfb.kill() };
}
