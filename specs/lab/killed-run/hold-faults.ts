import { test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { spawnGroup } from '../../../core/process-group';
import { blackhole } from '../../../faults/netfilter';
import { createNamespace, netnsUnavailableReason } from '../../../faults/netns';
import { ReverseProxy, proxyUnavailableReason } from '../../../server/proxy';
import { ServerProcess } from '../../../server/server-process';

// Everything a run can hold mid-fault: an nft table with a live blackhole, a namespace with its veth, a child, and
// both proxies (nginx and HAProxy, master and workers, configs in lab temp dirs) in front of a server process that is
// stopped (SIGSTOP).
test('hold faults until killed', async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const client = createConnection((server.address() as AddressInfo).port, '127.0.0.1');
  await new Promise(resolve => client.once('connect', resolve));
  await blackhole({ localPort: (server.address() as AddressInfo).port, remotePort: client.localPort! });
  const ns = (await netnsUnavailableReason()) === null ? await createNamespace() : null;
  const child = spawnGroup('sleep', ['600'], process.env);
  const wsServer = await ServerProcess.start('graceful');
  const proxies: number[] = [];
  for (const name of ['nginx', 'haproxy'] as const)
    if (proxyUnavailableReason(name) === null) proxies.push((await ReverseProxy.start(name, { upstreamPort: wsServer.port, idleTimeoutMs: 60_000, shutdownTimeoutMs: null })).pid);
  wsServer.signal('SIGSTOP', '');
  const held = { pid: process.pid, namespace: ns?.name ?? null, child: child.child.pid, server: wsServer.pid, proxies };
  writeFileSync(process.env.WSLAB_HOLD_FILE!, JSON.stringify(held));
  await new Promise(() => {});
});
