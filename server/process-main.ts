/**
 * The lab's server as an OS process of its own (./server-process starts it), so it can die, freeze and restart as
 * real servers do:
 *
 *   node process-main.ts <port, 0 for any> <graceful|bare>
 *
 * A WebSocket echo server on 127.0.0.1 that answers each message with the same text. It talks to its parent over
 * fd 3 (a duplex pipe, like Xvfb's -displayfd: spawnGroup discards stdout), one JSON object per line: first
 * `{"type":"listening","port":…}`, then one line per thing it saw (open, message, close frame, socket closed), so
 * what it received is out of the process before any kill. The parent may write `{"cmd":"pause","tag":…}`: the
 * server stops reading that socket, so what the page sends next stays unread in the kernel; `{"cmd":"relay"}`: a
 * relay in front of the server starts (`{"type":"relay","port":…}`), which `{"cmd":"delay","ms":…}` slows and
 * `{"cmd":"uplink","bytesPerSecond":…}` narrows from the page's side.
 * `graceful`: on SIGTERM it closes every client with 1001 (going away) and exits once they are closed; `bare`: no
 * handler, so SIGTERM kills it as SIGKILL would, but by a signal a process could catch.
 *
 * Written in the part of TypeScript that is also plain JavaScript (no type syntax, no import/export; built-in
 * modules through the typed process.getBuiltinModule; `ws` by require), so `npm run typecheck` checks it and
 * Node 20 runs the file as it is. The block keeps its names out of the global scope tsc sees for a script.
 */
{
  const net = process.getBuiltinModule('node:net');
  const http = process.getBuiltinModule('node:http');
  const { createRequire } = process.getBuiltinModule('node:module');
  const ws = createRequire(__filename)('ws');
  const [port, mode, host = '127.0.0.1'] = process.argv.slice(2);
  const now = () => performance.timeOrigin + performance.now();
  const channel = new net.Socket({ fd: 3, readable: true, writable: true });
  const tell = (line = {}) => channel.write(JSON.stringify({ ...line, at: now() }) + '\n');
  const clients = new Map();

  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new ws.WebSocketServer({ server });
  // ws comes in untyped (require); the defaults only stand in for types tsc cannot see: ws always passes both.
  wss.on('connection', (socket = new ws.WebSocket(null), req = new http.IncomingMessage(new net.Socket())) => {
    const tag = new URL(req.url ?? '/', 'http://x').searchParams.get('tag') ?? '';
    clients.set(tag, socket);
    tell({ type: 'open', tag, localPort: req.socket.localPort ?? 0, remotePort: req.socket.remotePort ?? 0 });
    socket.on('message', (data = Buffer.alloc(0)) => {
      tell({ type: 'message', tag, data: data.toString() });
      socket.send(data.toString());
    });
    // ws reports 1006 when no close frame arrived; only a received frame is reported as one.
    socket.on('close', (code = 0, reason = Buffer.alloc(0)) => code !== 1006 && tell({ type: 'close-frame', tag, code, reason: reason.toString() }));
    req.socket.on('close', () => tell({ type: 'socket-closed', tag }));
    socket.on('error', () => {});
  });

  // The ws README's pattern with a per-ping deadline: a protocol ping `N` every intervalMs (the browser's network
  // stack answers it with pong `N`); when ping N has had no pong for timeoutMs, terminate() the TCP connection.
  const heartbeat = (tag = '', intervalMs = 0, timeoutMs = 0) => {
    const socket = clients.get(tag);
    let sent = 0;
    let answered = 0;
    let dead = false;
    socket.on('pong', (data = Buffer.alloc(0)) => {
      answered = Math.max(answered, Number(data.toString()));
      tell({ type: 'pong', tag });
    });
    const timer = setInterval(() => {
      const n = ++sent;
      socket.ping(String(n));
      setTimeout(() => {
        if (dead || answered >= n || socket.readyState !== ws.OPEN) return;
        dead = true;
        clearInterval(timer);
        tell({ type: 'heartbeat-dead', tag });
        socket.terminate();
      }, timeoutMs);
    }, intervalMs);
    socket.on('close', () => clearInterval(timer));
  };

  // A live but slow path in front of the server (toxiproxy's latency toxic): a relay on a port of its own that, once
  // told, holds every byte back delayMs in each direction, in order, its end and reset too. It runs here, not in the
  // test's worker, so its timers keep time while the worker is busy (one in the worker made a 600 ms round trip late
  // past a 1.5 s heartbeat timeout on a loaded machine).
  // Once told, the page's side is also paced at uplinkBytesPerSecond, each chunk leaving when the one before it has
  // (a narrow uplink whose buffer takes everything: what is sent after a bulk send waits behind all of it).
  let delayMs = 0;
  let uplinkBytesPerSecond = 0;
  const relayPipe = (from = new net.Socket(), to = new net.Socket(), uplink = false) => {
    const queue = [{ due: 0, act: '', data: Buffer.alloc(0) }].slice(1);
    let armed = false;
    let lastDue = 0;
    const pump = () => {
      armed = false;
      for (let next = queue[0]; next && next.due <= now(); next = queue[0]) {
        queue.shift();
        if (next.act === 'end') to.end();
        else if (next.act === 'reset') to.resetAndDestroy();
        else to.write(next.data);
      }
      if (queue.length) {
        armed = true;
        setTimeout(pump, queue[0].due - now());
      }
    };
    const take = (act = '', data = Buffer.alloc(0)) => {
      const paced = uplink && uplinkBytesPerSecond > 0;
      const due = paced ? Math.max(now(), lastDue) + (data.length * 1000) / uplinkBytesPerSecond : now();
      lastDue = due;
      queue.push({ due: due + delayMs, act, data });
      if (!armed) pump();
    };
    from.on('data', data => take('data', data));
    from.on('end', () => take('end'));
    from.on('close', hadError => hadError && take('reset'));
    from.on('error', () => {});
  };
  // Half-open, so one side's end is passed on after the delay, not answered at once by Node.
  const relay = net.createServer({ allowHalfOpen: true }, client => {
    const address = server.address();
    const upstream = net.createConnection({ host: '127.0.0.1', port: typeof address === 'object' && address ? address.port : 0, allowHalfOpen: true });
    relayPipe(client, upstream, true);
    relayPipe(upstream, client);
  });

  let pending = '';
  channel.setEncoding('utf8');
  channel.on('data', chunk => {
    pending += chunk;
    for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
      const command = JSON.parse(pending.slice(0, at));
      pending = pending.slice(at + 1);
      // Pausing stops reading the socket itself: the kernel keeps what arrives from then on.
      if (command.cmd === 'pause') clients.get(command.tag)?.pause();
      if (command.cmd === 'heartbeat') heartbeat(command.tag, command.intervalMs, command.timeoutMs);
      if (command.cmd === 'delay') delayMs = command.ms;
      if (command.cmd === 'uplink') uplinkBytesPerSecond = command.bytesPerSecond;
      if (command.cmd === 'relay') {
        relay.listen(0, '127.0.0.1', () => {
          const address = relay.address();
          tell({ type: 'relay', port: typeof address === 'object' && address ? address.port : 0 });
        });
      }
      tell({ type: 'done', cmd: command.cmd, tag: command.tag });
    }
  });
  // The parent gone: nobody can stop this process but its group's killer, so it ends itself.
  channel.on('end', () => process.exit(0));

  if (mode === 'graceful') {
    process.on('SIGTERM', () => {
      tell({ type: 'terminating' });
      for (const client of clients.values()) client.close(1001, 'server shutting down');
      // Exits once every client's closing handshake is over and its last record is out of the pipe.
      const closed = [...clients.values()].map(c => new Promise(resolve => (c.readyState === ws.CLOSED ? resolve(0) : c.once('close', resolve))));
      server.close();
      Promise.all(closed).then(() => channel.end(() => process.exit(0)));
    });
  }

  server.on('error', error => {
    tell({ type: 'failed', message: error.message });
    process.exit(1);
  });
  server.listen(Number(port), host, () => {
    const address = server.address();
    tell({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
  });
}
