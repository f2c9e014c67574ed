import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Named server behaviours for the upgrade request, one per path. `websocket` is a correct server (ws);
 * `raw` is a hand-written one that can send what ws refuses to; the rest misbehave during the handshake,
 * each in exactly one named way.
 */
export const upgradeHandlers = {
  '/ws': 'websocket',
  '/raw': 'raw',
  '/plain': 'plain-http',
  '/subprotocol-mismatch': 'select-unoffered-subprotocol',
  '/abrupt': 'fin-after-101',
  '/sync': 'clock-sync',
} as const;
export type HandlerPath = keyof typeof upgradeHandlers;

/** The subprotocol the mismatch handler selects; no page ever offers it. */
export const unofferedSubprotocol = 'wslab-never-offered';

/** Answers an upgrade request as an ordinary web server would: 200, text, no upgrade. */
export function answerAsPlainHttp(_req: IncomingMessage, socket: Duplex): void {
  const body = 'this is not a WebSocket endpoint\n';
  socket.end(
    `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
