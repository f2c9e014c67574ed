import type { z } from 'zod';
import type { ServerFault } from '../scenarios/schema';
import type { ServerConnection } from '../server/lab-server';

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
