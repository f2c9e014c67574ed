import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * Listens on 127.0.0.1 at a port of the kernel's choosing and relays each connection to the Unix socket at
 * `socketPath` (which ./netns-relay serves inside a namespace). Unref'd: it does not keep the process alive.
 * Rejects with an actionable Error if it cannot listen.
 */
export function relayToUnixSocket(socketPath: string): Promise<{ server: Server; port: number }> {
  const server = createServer(client => splice(client, createConnection(socketPath)));
  return new Promise((resolve, reject) => {
    server.once('error', error => reject(new Error(`Cannot open the namespace relay on 127.0.0.1: ${error.message}; free a loopback port and retry.`)));
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error(`The namespace relay listens at ${address}, not on a TCP port.`));
      resolve({ server, port: address.port });
    });
  });
}

/** Pipes two sockets into each other; when either ends or fails, both go. */
function splice(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const end = () => {
    a.destroy();
    b.destroy();
  };
  for (const socket of [a, b]) {
    socket.on('error', end);
    socket.on('close', end);
  }
}
