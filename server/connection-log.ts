import type { Socket } from 'node:net';
import { epochNow } from '../core/clock';

/** The server's own view of one WebSocket connection, kept for the findings next to what the page saw. */
export interface ServerConnectionRecord {
  tag: string;
  /** The path the client asked for, e.g. `/ws` (which named handler served it). */
  handler: string;
  openedAt: number;
  /** Both TCP ports of the connection, so packet-level faults can target exactly this flow. */
  localPort: number;
  remotePort: number;
  /** Messages the server received, in order, with when. */
  received: { data: string; at: number }[];
  /** The close frame the client sent: code as ws reports it (1005 = frame without status), or null when none came. */
  closeFrame: { code: number; reason: string; at: number } | null;
  /** When the TCP connection ended, however it ended. */
  socketClosedAt: number | null;
  /** The server's heartbeat, where it ran one: pongs received, and when it declared the connection dead (terminated it). */
  heartbeat?: { pongs: number; deadAt: number | null };
  /** The fault the server applied, by name, and when. */
  fault: { name: string; at: number } | null;
}

/** A new connection's record, before anything happened on it: opened now, on `socket`, served by `handler`. */
export function openRecord(tag: string, handler: string, socket: Socket): ServerConnectionRecord {
  return {
    tag,
    handler,
    openedAt: epochNow(),
    localPort: socket.localPort ?? 0,
    remotePort: socket.remotePort ?? 0,
    received: [],
    closeFrame: null,
    socketClosedAt: null,
    fault: null,
  };
}
