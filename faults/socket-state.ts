/**
 * The kernel's view of the browser's end of one connection in a lab namespace, read with `ss -tio` inside it: the
 * retransmission timeout the next lost segment will wait for, and the keepalive timer if the browser set
 * SO_KEEPALIVE. What the browser configured is otherwise invisible from outside: this is how the lab tells whether
 * an engine keeps its own keepalive (TCP_KEEPIDLE etc.) or the namespace's sysctls.
 */
import { epochNow } from '../core/clock';
import { exec } from '../core/exec';
import type { LabNamespace } from './netns';

/** One socket as the kernel has it. */
export interface SocketState {
  /** When it was read (Node clock, epoch ms). */
  at: number;
  /** icsk_rto: what the next retransmission timer will be armed for. */
  rtoMs: number;
  /** How long until the keepalive timer fires (its first probe, on an idle socket); null without SO_KEEPALIVE. */
  keepaliveInMs: number | null;
}

/** ss's timer text (`44sec`, `9min59sec`, `12min`, `4.321ms` = 4.321 s, `204ms`) in ms. */
export function parseSsTime(text: string): number {
  const m = /^(?:(\d+)min)?(?:(\d+)(?:sec|\.))?(?:(\d+)ms)?$/.exec(text);
  if (!m || text === '') throw new Error(`ss printed a timer "${text}" this parser does not know`);
  return Number(m[1] ?? 0) * 60_000 + Number(m[2] ?? 0) * 1_000 + Number(m[3] ?? 0);
}

/** Parses `ss -tioH` output for one socket. */
export function parseSocketState(output: string, at: number): SocketState {
  const rto = /\brto:(\d+(?:\.\d+)?)/.exec(output)?.[1];
  if (rto === undefined) throw new Error(`ss shows no rto for the socket:\n${output.trim() || '(no socket)'}`);
  const keepalive = /\btimer:\(keepalive,([^,]+),\d+\)/.exec(output)?.[1];
  return { at, rtoMs: Number(rto), keepaliveInMs: keepalive === undefined ? null : parseSsTime(keepalive) };
}

/** The browser's socket bound to `localPort` in the namespace, as the kernel has it now. */
export async function readSocketState(namespace: LabNamespace, localPort: number): Promise<SocketState> {
  const at = epochNow();
  const output = await exec('ip', ['netns', 'exec', namespace.name, 'ss', '-tioH', 'state', 'established', 'sport', '=', `:${localPort}`], {
    hint: () => 'compare with `ip netns exec <namespace> ss -tio`',
  });
  return parseSocketState(output, at);
}
