import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Our own namespaces and veth pairs are network changes in the root namespace, and browsers react to network
 * changes (Firefox pings every open WebSocket and drops it if no pong comes within 10 s). A scenario that cuts a
 * connection in the root namespace must not see them, so the two take a lock across all workers: cuts share it,
 * network changes hold it alone. flock(1) holds it for us, for as long as its child reads stdin.
 */
const lockFile = path.join(tmpdir(), 'wslab-network-quiet.lock');

export type NetworkLockMode = 'shared' | 'exclusive';

/** Waits for the lock and returns the function that releases it. */
export async function lockNetwork(mode: NetworkLockMode): Promise<() => Promise<void>> {
  const holder = spawn(
    'flock',
    [mode === 'shared' ? '--shared' : '--exclusive', lockFile, process.execPath, '-e', 'process.stdout.write("held"); process.stdin.resume()'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [chunk] = (await Promise.race([once(holder.stdout, 'data'), once(holder, 'exit')])) as [Buffer | number];
  if (!Buffer.isBuffer(chunk)) throw new Error(`flock ${lockFile} failed (exit ${chunk}): apt-get install util-linux`);
  return async () => {
    holder.stdin.end();
    if (holder.exitCode === null) await once(holder, 'exit');
  };
}

/** Runs `work` while holding the lock. */
export async function withNetworkLock<T>(mode: NetworkLockMode, work: () => Promise<T>): Promise<T> {
  const release = await lockNetwork(mode);
  try {
    return await work();
  } finally {
    await release();
  }
}
