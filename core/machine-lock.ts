import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A held lock; `release()` lets it go (idempotent). */
export interface Held {
  release(): void;
}

// `cat` echoes one line once the lock is held, then keeps it until stdin closes.
const scripts = {
  exclusive: `exec 8>"$1"; flock -x 8; exec 9>"$2"; flock -x 9; exec cat`,
  shared: `exec 8>"$1"; flock -x 8; exec 9>"$2"; flock -s 9; flock -u 8; exec 8>&-; exec cat`,
};

/**
 * A readers-writer lock across all of Playwright's workers (and nested runs on the machine), named by its files in
 * the temp dir. Writers go first: a waiting exclusive holder holds the turnstile, so new shared holders queue behind
 * it instead of starving it.
 *
 * It is flock(1) on two files, held by a small shell for as long as its stdin is open; a worker that dies closes it,
 * so a killed run never leaves the lock held.
 */
export class MachineLock {
  private readonly turnstile: string;
  private readonly main: string;

  constructor(name: string) {
    this.turnstile = path.join(tmpdir(), `${name}.turnstile`);
    this.main = path.join(tmpdir(), `${name}.lock`);
  }

  /** Takes the lock and hands it over; the caller releases it. */
  acquire(mode: keyof typeof scripts): Promise<Held> {
    return new Promise((resolve, reject) => {
      const child = spawn('sh', ['-c', scripts[mode], 'wslab-lock', this.turnstile, this.main], { stdio: ['pipe', 'pipe', 'inherit'] });
      const release = () => child.stdin.end();
      child.once('error', error => reject(new Error(`could not take the lab's lock ${this.main} (sh, flock from util-linux): ${error.message}`)));
      child.once('exit', code => reject(new Error(`the lab's lock ${this.main} ended early (exit ${code}): is flock from util-linux installed?`)));
      child.stdout.once('data', () => resolve({ release }));
      child.stdin.write('held\n');
    });
  }

  /** Runs `work` holding the lock in `mode`. */
  async holding<T>(mode: keyof typeof scripts, work: () => Promise<T>): Promise<T> {
    const held = await this.acquire(mode);
    try {
      return await work();
    } finally {
      held.release();
    }
  }
}
