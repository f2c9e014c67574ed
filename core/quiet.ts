import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Quiet for the milliseconds that are measured, overlap for everything else, across all of Playwright's workers.
 *
 * A millisecond-scale trial holds the machine-wide lock exclusively for its measured span (clock sync, fault,
 * close); what loads the CPU in bursts (launching a browser, opening or closing a page) holds it shared. So no page
 * is being created while a close is being timed, and long windows still overlap each other freely. Writers go
 * first: a waiting trial holds the turnstile, so new shared holders queue behind it instead of starving it.
 *
 * The lock is flock(1) on two files, held by a small shell for as long as its stdin is open; a worker that dies
 * closes it, so a killed run never leaves the lock held.
 */
const dir = tmpdir();
const turnstile = path.join(dir, 'wslab-quiet.turnstile');
const main = path.join(dir, 'wslab-quiet.lock');

// `cat` echoes one line once the lock is held, then keeps it until stdin closes.
const scripts = {
  exclusive: `exec 8>"$1"; flock -x 8; exec 9>"$2"; flock -x 9; exec cat`,
  shared: `exec 8>"$1"; flock -x 8; exec 9>"$2"; flock -s 9; flock -u 8; exec 8>&-; exec cat`,
};

/** A held lock; `release()` lets it go (idempotent). */
export interface Held {
  release(): void;
}

function acquire(mode: keyof typeof scripts): Promise<Held> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', scripts[mode], 'wslab-quiet', turnstile, main], { stdio: ['pipe', 'pipe', 'inherit'] });
    const release = () => child.stdin.end();
    child.once('error', error => reject(new Error(`could not take the lab's quiet lock (sh, flock from util-linux): ${error.message}`)));
    child.once('exit', code => reject(new Error(`the lab's quiet lock ended early (exit ${code}): is flock from util-linux installed?`)));
    child.stdout.once('data', () => resolve({ release }));
    child.stdin.write('held\n');
  });
}

/** Runs `work` holding the lock in `mode`, and lets it go however `work` ends. */
async function holding<T>(mode: keyof typeof scripts, work: () => Promise<T>): Promise<T> {
  const held = await acquire(mode);
  try {
    return await work();
  } finally {
    held.release();
  }
}

/** Runs `measure` with the machine to itself: no other worker launches, opens or closes a page meanwhile. */
export function quietly<T>(measure: () => Promise<T>): Promise<T> {
  return holding('exclusive', measure);
}

/** Takes the lock exclusively and hands it over; the caller releases it (for a span that ends mid-function). */
export function holdQuiet(): Promise<Held> {
  return acquire('exclusive');
}

/** Runs CPU-heavy harness work (browser launch, page open or close) outside every measured span. */
export function busy<T>(work: () => Promise<T>): Promise<T> {
  return holding('shared', work);
}
