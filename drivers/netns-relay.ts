'use strict';
/**
 * The namespace side of ./netns-launch's relay, run by Node inside the browser's network namespace:
 *
 *   node netns-relay.ts <port> <socket path> <port argument or ''> <program> [program arguments…]
 *
 * It listens on the Unix socket (Unix sockets are not namespaced, so the root side reaches it) before the program
 * starts, relays each connection to 127.0.0.1:<port> inside the namespace, where the program serves, passes
 * signals on to the program and exits as it does. With a port argument it replaces `<port argument>=0` among the
 * program's arguments (Playwright's `--remote-debugging-port=0` for Firefox) with `<port argument>=<port>`.
 *
 * Written in the part of TypeScript that is also plain JavaScript (no type syntax, no import/export; built-in
 * modules through the typed process.getBuiltinModule), so `npm run typecheck` checks it and Node 20 runs the file
 * as it is. The block keeps its names out of the global scope tsc sees for a script.
 */
{
  const { spawn } = process.getBuiltinModule('node:child_process');
  const net = process.getBuiltinModule('node:net');
  const [port, socketPath, portArgument, executable, ...args] = process.argv.slice(2);

  if (portArgument) {
    const at = args.indexOf(`${portArgument}=0`);
    if (at < 0) {
      console.error(`wslab namespace relay: expected ${portArgument}=0 among the arguments of ${executable}, got: ${args.join(' ')}`);
      process.exit(1);
    }
    args[at] = `${portArgument}=${port}`;
  }

  const server = net.createServer(client => {
    const upstream = net.connect(Number(port), '127.0.0.1');
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  server.on('error', error => {
    console.error(`wslab namespace relay: cannot listen on ${socketPath}: ${error.message}`);
    process.exit(1);
  });
  server.listen(socketPath, () => {
    const program = spawn(executable, args, { stdio: 'inherit' });
    program.on('error', error => {
      console.error(`wslab namespace relay: cannot start ${executable}: ${error.message}`);
      process.exit(1);
    });
    process.on('SIGTERM', signal => program.kill(signal));
    process.on('SIGINT', signal => program.kill(signal));
    process.on('SIGHUP', signal => program.kill(signal));
    program.on('exit', (code, signal) => {
      server.close();
      if (signal === null) process.exit(code);
      // Dies of the same signal, so whoever waits for it sees what the program died of.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    });
  });
}
