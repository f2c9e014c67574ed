import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { makeLabTempDir } from '../core/containment';
import { exec, findExecutable } from '../core/exec';
import { spawnGroup } from '../core/process-group';

// tcpdump opens loopback in tens of milliseconds; this only bounds a broken start.
const START_TIMEOUT_MS = 5_000;
// On a busy machine tcpdump may not be scheduled for a while after a segment was sent, and SIGTERM drops what it has
// not read yet: so stopping waits for the first segment to be written (or this long, when none comes) ...
const FIRST_SEGMENT_WAIT_MS = 1_000;
// ... then a little longer for a second one (FIN then RST) close behind it.
const SETTLE_MS = 50;
// A pcap file's global header; anything past it is a captured segment.
const PCAP_HEADER_BYTES = 24;

/** Why wire captures cannot run here, or null when they can. */
export function captureUnavailableReason(): string | null {
  if (findExecutable('tcpdump') === 'tcpdump') return 'tcpdump is not installed: apt-get install tcpdump';
  if (process.getuid?.() !== 0) return 'capturing on loopback needs root: run the suite as root';
  return null;
}

/** A running capture of the TCP segments that end a connection, as they leave one loopback port. */
export interface WireCapture {
  /** Stops capturing; returns the ending flags sent from the port, in order (`FIN`, `RST`, `FIN,RST`) or `none`. */
  stop(): Promise<string>;
}

/**
 * Captures, on loopback, the FIN and RST segments sent from `port` (the side that faces the browser: the server
 * process or the proxy), so a trial records which TCP event reached the browser from the kernel's view rather
 * than by assumption. tcpdump writes to a file in a lab temp dir, read back once the capture is stopped.
 */
export async function captureEnds(port: number): Promise<WireCapture> {
  const dir = makeLabTempDir('capture');
  const file = path.join(dir, 'ends.pcap');
  const filter = `tcp src port ${port} and (tcp[tcpflags] & (tcp-fin|tcp-rst) != 0)`;
  // --immediate-mode and -U: each packet is read and written as it comes (the kernel otherwise hands packets over in
  // blocks up to a second late, and SIGTERM loses them); -Z root: Debian's tcpdump otherwise drops to
  // its own user before opening the file, which the private lab temp dir does not let it write.
  const tcpdump = spawnGroup(findExecutable('tcpdump'), ['-i', 'lo', '-n', '--immediate-mode', '-U', '-Z', 'root', '-w', file, filter], process.env);
  try {
    for (const until = Date.now() + START_TIMEOUT_MS; !tcpdump.stderrTail().includes('listening on'); await new Promise(r => setTimeout(r, 10))) {
      if (Date.now() > until || tcpdump.child.exitCode !== null) throw new Error(`tcpdump did not start capturing: ${tcpdump.stderrTail() || 'no stderr'}`);
    }
  } catch (error) {
    await tcpdump.kill(0);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    async stop() {
      for (const until = Date.now() + FIRST_SEGMENT_WAIT_MS; fileSize(file) <= PCAP_HEADER_BYTES && Date.now() < until; ) {
        await new Promise(r => setTimeout(r, 10));
      }
      await new Promise(r => setTimeout(r, SETTLE_MS));
      await tcpdump.kill();
      try {
        return endsIn(await exec(findExecutable('tcpdump'), ['-r', file, '-n'], {}));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function fileSize(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

/** `Flags [F.]` → FIN, `Flags [R]` / `[R.]` → RST, each once, in order of first appearance. */
function endsIn(text: string): string {
  const flags = [...text.matchAll(/Flags \[([^\]]*)\]/g)].map(([, f]) => (f.includes('R') ? 'RST' : 'FIN'));
  return flags.length ? [...new Set(flags)].join(',') : 'none';
}
