'use strict';
/**
 * Run by Node inside the server namespace (./netns's listenIn): `node netns-listener.ts <address>` listens on
 * <address>, port 0, hands the listening socket to its parent over IPC (the socket keeps the namespace it was made
 * in) and exits.
 *
 * Written in the part of TypeScript that is also plain JavaScript (no type syntax, no import/export; built-in
 * modules through the typed process.getBuiltinModule), so `npm run typecheck` checks it and Node 20 runs the file
 * as it is. The block keeps its names out of the global scope tsc sees for a script.
 */
{
  const net = process.getBuiltinModule('node:net');
  const address = process.argv[2];
  const server = net.createServer();
  process.on('disconnect', () => process.exit(1));
  server.on('error', error => {
    console.error(`wslab listener: ${error.message}`);
    process.exit(1);
  });
  server.listen(0, address, () => {
    if (!process.send) {
      console.error('wslab listener: no IPC channel to hand the socket over; start it with one');
      process.exit(1);
    }
    process.send('listening', server, () => process.exit(0));
  });
}
