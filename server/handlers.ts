import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Named server behaviours for the upgrade request, one per path. `websocket` accepts the handshake; the others
 * misbehave during it, each in exactly one named way.
 */
export type UpgradeHandler = 'websocket' | 'plain-http';

export const upgradeHandlers: Record<string, UpgradeHandler> = {
  '/ws': 'websocket',
  '/plain': 'plain-http',
};

/** Answers an upgrade request as an ordinary web server would: 200, text, no upgrade. */
export function answerAsPlainHttp(_req: IncomingMessage, socket: Duplex): void {
  const body = 'this is not a WebSocket endpoint\n';
  socket.end(
    `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
