import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { spawnGroup } from '../core/process-group';

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
