import { z } from 'zod';
import type { ServerConnection } from '../server/server-connection';

/** How the server ends (or never accepts) the connection; each kind names exactly one act. */
export const ServerFault = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('server-close'),
    /** The status code in the close frame; omitted = a close frame with no status at all. */
    code: z.number().int().min(0).max(65535).optional(),
    reason: z.string().optional(),
    /**
     * A slow server: the handler waits this long after the fault before it sends the frame. Only the lab's own
     * test of its bounds uses it (specs/bound-bites): a bound that passes a 500 ms late close bites nothing.
     */
    delayMs: z.number().int().min(0).optional(),
  }),
  z.object({ kind: z.literal('server-fin') }),
  z.object({ kind: z.literal('server-rst') }),
]);

/** Applies a server-side fault to one connection; returns the epoch ms at which it was applied. */
export function applyServerFault(connection: ServerConnection, fault: z.infer<typeof ServerFault>): number {
  switch (fault.kind) {
    case 'server-close':
      if (fault.delayMs) return connection.closeHandshakeAfter(fault.delayMs, fault.code, fault.reason);
      return connection.closeHandshake(fault.code, fault.reason);
    case 'server-fin':
      return connection.endStream();
    case 'server-rst':
      return connection.resetStream();
  }
}
