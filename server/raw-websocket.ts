import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { epochNow } from '../core/clock';
import type { ServerConnectionRecord } from './connection-log';

// RFC 6455 §1.3: the accept key is the client's key plus this GUID, SHA-1, base64.
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * A hand-written server end of a WebSocket, for behaviours a correct library refuses to produce: close frames
 * with any code or length, a subprotocol the client never offered, a TCP close right after the 101.
 */
export class RawConnection {
  private buffered = Buffer.alloc(0);

  constructor(
    readonly record: ServerConnectionRecord,
    private readonly socket: Socket,
  ) {
    socket.on('data', chunk => this.socketOnData(chunk));
    socket.on('close', () => (record.socketClosedAt ??= epochNow()));
    socket.on('error', () => {});
  }

  /** Completes the opening handshake, optionally selecting `protocol` whether or not the client offered it. */
  static accept(req: IncomingMessage, socket: Socket, record: ServerConnectionRecord, protocol?: string): RawConnection {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${GUID}`).digest('base64');
    const headers = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`];
    if (protocol) headers.push(`Sec-WebSocket-Protocol: ${protocol}`);
    socket.write(`${headers.join('\r\n')}\r\n\r\n`);
    return new RawConnection(record, socket);
  }

  /** Sends one close frame with exactly this payload (status code bytes + reason bytes, or nothing), unchecked. */
  writeCloseFrame(payload: Buffer): number {
    const at = epochNow();
    this.record.fault = { name: `raw-close-frame(${payload.length} bytes)`, at };
    const length = payload.length < 126 ? Buffer.from([payload.length]) : Buffer.from([126, payload.length >> 8, payload.length & 255]);
    this.socket.write(Buffer.concat([Buffer.from([0x88]), length, payload]));
    return at;
  }

  /** Ends the TCP stream (FIN) without a close frame. */
  endStream(): number {
    const at = epochNow();
    this.record.fault = { name: 'end-stream(FIN)', at };
    this.socket.end();
    return at;
  }

  // Client frames are always masked (RFC 6455 §5.3); only text and close matter to the lab.
  private socketOnData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const b = this.buffered;
      if (b.length < 2) return;
      const opcode = b[0] & 0x0f;
      let length = b[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      if (b.length < offset + 4 + length) return;
      const mask = b.subarray(offset, offset + 4);
      const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + length).map((byte, i) => byte ^ mask[i % 4]));
      this.buffered = b.subarray(offset + 4 + length);
      if (opcode === 0x1) this.record.received.push({ data: payload.toString('utf8'), at: epochNow() });
      if (opcode === 0x8) {
        this.record.closeFrame = {
          code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005,
          reason: payload.subarray(2).toString('utf8'),
          at: epochNow(),
        };
        // The client answered or started the closing handshake; the server closes TCP (RFC 6455 §7.1.1).
        this.socket.end();
      }
    }
  }
}
