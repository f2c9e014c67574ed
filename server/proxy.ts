import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { makeLabTempDir } from '../core/containment';
import { exec, findExecutable } from '../core/exec';
import { type Bracket, epochNow } from '../core/clock';
import { signalGroup, spawnGroup, type GroupProcess } from '../core/process-group';
import { proxyArgs, proxyConfig, proxyPackage, type ProxySettings, type ProxyName } from './proxy-config';

// Either proxy listens within a few hundred milliseconds; this only bounds a broken start.
const START_TIMEOUT_MS = 10_000;
// A reload hands over in well under a second; this only bounds one that never does.
const RELOAD_TIMEOUT_MS = 10_000;
// How often a reload's progress is read: a few ms added to the fault's bracket.
const RELOAD_POLL_MS = 5;
/**
 * A HAProxy master now and then leaves a SIGUSR2 unanswered: no re-exec, no new worker, no soft stop for 10 s, even
 * after its 'Loading success.' (seen once in a full fresh-clone run, and once before). A reload whose master has not
 * said 'Reloading HAProxy' by then is signalled again, and the fault's bracket starts at the signal that took.
 */
const RELOAD_RESIGNAL_MS = 2_000;
// A port picked free can be taken before the proxy binds it; the proxy then fails loudly and is started again.
const START_ATTEMPTS = 3;

/** Why `name` cannot run here (with the install command), or null when it can. */
export function proxyUnavailableReason(name: ProxyName): string | null {
  return findExecutable(name) === name ? `${name} is not installed: apt-get install ${proxyPackage[name]}` : null;
}

/** The installed package's version (`nginx-light 1.22.1-9+deb12u11`), for the findings' conditions. */
export async function proxyVersion(name: ProxyName): Promise<string> {
  const pkg = proxyPackage[name];
  return `${pkg} ${(await exec('dpkg-query', ['-W', '-f', '$' + '{Version}', pkg])).trim()}`;
}

/** A reverse proxy started by the suite on a generated config in a lab temp dir, as a process group of its own. */
export class ReverseProxy {
  private constructor(
    readonly name: ProxyName,
    private readonly group: GroupProcess,
    private readonly dir: string,
    private readonly file: string,
    /** The loopback port it listens on (the browser's side). */
    readonly port: number,
  ) {}

  /** The pid of its process group's leader (the master). */
  get pid(): number {
    return this.group.child.pid!;
  }

  /** Starts `name` in front of 127.0.0.1:`upstreamPort`; resolves once it accepts connections. */
  static async start(name: ProxyName, settings: Omit<ProxySettings, 'dir' | 'port'>): Promise<ReverseProxy> {
    const dir = makeLabTempDir('proxy');
    const file = path.join(dir, `wslab-${name}.conf`);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      writeFileSync(file, proxyConfig(name, { ...settings, dir, port }));
      const group = spawnGroup(findExecutable(name), proxyArgs(name, dir, file), process.env);
      const proxy = new ReverseProxy(name, group, dir, file, port);
      if (await proxy.listening()) return proxy;
      const why = group.stderrTail().split('\n').slice(-3).join(' | ');
      await proxy.shutDown(attempt === START_ATTEMPTS);
      if (attempt === START_ATTEMPTS) throw new Error(`${name} did not start listening on 127.0.0.1:${port}: ${why || 'no stderr'}`);
    }
  }

  /** True once the port accepts connections while the proxy runs; false if it exited or the start timed out. */
  private async listening(): Promise<boolean> {
    for (const until = Date.now() + START_TIMEOUT_MS; Date.now() < until; await new Promise(r => setTimeout(r, 20))) {
      if (this.group.child.exitCode !== null || this.group.child.signalCode !== null) return false;
      if (this.loaded() && (await connects(this.port))) return this.group.child.exitCode === null;
    }
    return false;
  }

  /**
   * HAProxy's master says "Loading success." once its worker is forked and it runs its own loop; a reload signalled
   * before then is the likeliest reason one trial's soft stop never came (not reproduced). nginx's master sets its handlers before it starts the workers that serve a socket.
   */
  private loaded(): boolean {
    return this.name === 'nginx' || this.group.stderrTail().includes('Loading success.');
  }

  /**
   * A graceful reload with sockets open, the way each is reloaded in production: `nginx -s reload` (SIGHUP to the
   * master); HAProxy's master-worker reload (SIGUSR2 to the master, as systemd's unit sends it), which starts new
   * workers and soft-stops old ones. Resolves with the bracket from the signal that took to the old process's
   * announcement of its stop.
   */
  async reload(): Promise<Bracket> {
    const before = this.stopsAnnounced();
    let signalledAt = epochNow();
    if (this.name === 'nginx') await exec(findExecutable('nginx'), ['-p', this.dir, '-e', `${this.dir}/error.log`, '-c', this.file, '-s', 'reload']);
    else process.kill(this.pid, 'SIGUSR2');
    let resignalled = false;
    // The old process's deadline starts when it is told to stop, after the new one is up, not at the command:
    // resolving only then puts that moment inside the fault's bracket.
    for (const until = Date.now() + RELOAD_TIMEOUT_MS; this.stopsAnnounced() === before; await new Promise(r => setTimeout(r, RELOAD_POLL_MS))) {
      if (Date.now() > until) throw new Error(`${this.name} reload: the old process did not announce its stop within ${RELOAD_TIMEOUT_MS} ms; stderr: ${this.group.stderrTail().split('\n').slice(-5).join(' | ') || 'none'}`);
      if (this.name === 'haproxy' && !resignalled && epochNow() - signalledAt > RELOAD_RESIGNAL_MS && !this.group.stderrTail().includes('Reloading HAProxy')) {
        resignalled = true;
        signalledAt = epochNow();
        process.kill(this.pid, 'SIGUSR2');
      }
    }
    return { before: signalledAt, after: epochNow() };
  }

  /**
   * How many times an old process has said it is stopping, in the words it logs as it arms its deadline: nginx's
   * worker "gracefully shutting down" (worker_shutdown_timeout), HAProxy's soft stop "Proxy wslab_front stopped"
   * (hard-stop-after).
   */
  private stopsAnnounced(): number {
    const log = this.name === 'nginx' ? readFileSync(path.join(this.dir, 'error.log'), 'utf8') : this.group.stderrTail();
    return log.split(this.name === 'nginx' ? 'gracefully shutting down' : 'Proxy wslab_front stopped').length - 1;
  }

  /** SIGKILL to the proxy's whole group (master and workers at once, as a crash or an OOM kill of its cgroup). */
  killAbruptly(): void {
    signalGroup(this.group.child.pid!, 'SIGKILL');
  }

  /** Stops the proxy, whatever state it is in, and removes its config dir (unless `removeDir` is false: a retry reuses it). */
  async shutDown(removeDir = true): Promise<void> {
    await this.group.kill();
    if (removeDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A port nothing listens on just now; see START_ATTEMPTS for the race. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function connects(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = createConnection(port, '127.0.0.1');
    socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
    socket.once('connect', () => socket.destroy());
  });
}
