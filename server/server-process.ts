import path from 'node:path';
import type { Duplex } from 'node:stream';
import { z } from 'zod';
import { epochNow } from '../core/clock';
import { nodeScript } from '../core/exec';
import { signalGroup, spawnGroup, type GroupProcess } from '../core/process-group';
import type { ServerConnectionRecord } from './connection-log';

const mainScript = path.join(__dirname, 'process-main.ts');
// A loopback echo server starts in well under a second; this only bounds a broken start.
const START_TIMEOUT_MS = 10_000;

/** One line from ./process-main over fd 3; `at` is on the child's clock, the same formula as Node's here. */
const Line = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), port: z.number().int(), at: z.number() }),
  z.object({ type: z.literal('failed'), message: z.string(), at: z.number() }),
  z.object({ type: z.literal('open'), tag: z.string(), localPort: z.number(), remotePort: z.number(), at: z.number() }),
  z.object({ type: z.literal('message'), tag: z.string(), data: z.string(), at: z.number() }),
  z.object({ type: z.literal('close-frame'), tag: z.string(), code: z.number(), reason: z.string(), at: z.number() }),
  z.object({ type: z.literal('socket-closed'), tag: z.string(), at: z.number() }),
  z.object({ type: z.literal('terminating'), at: z.number() }),
  z.object({ type: z.literal('pong'), tag: z.string(), at: z.number() }),
  z.object({ type: z.literal('heartbeat-dead'), tag: z.string(), at: z.number() }),
  z.object({ type: z.literal('done'), cmd: z.string(), tag: z.string().optional(), at: z.number() }),
  z.object({ type: z.literal('relay'), port: z.number().int(), at: z.number() }),
]);
type Line = z.infer<typeof Line>;

/** Where the server listens: an address, inside a network namespace (`ip netns exec`) or in ours. */
export interface ServerPlace {
  host: string;
  namespace?: string;
}

/** On SIGTERM: close every client with 1001 and exit (`graceful`), or die of it (`bare`). */
export type TermMode = 'graceful' | 'bare';

/**
 * The lab's echo server as an OS process of its own (./process-main), a process group started with an argument
 * array, so the suite can kill, stop, continue and restart it. Its connection records survive its death: each
 * thing it saw is reported as it happens.
 */
export class ServerProcess {
  private readonly byTag = new Map<string, ServerConnectionRecord>();
  private readonly listeners = new Set<(line: Line) => void>();
  private group!: GroupProcess;
  private channel!: Duplex;
  /** The loopback port it listens on; a restart keeps it. */
  port = 0;
  /** Its relay's loopback port, once relay() started it. */
  relayPort: number | undefined;

  private constructor(
    private readonly mode: TermMode,
    private readonly at: ServerPlace,
  ) {}

  /** Starts one on 127.0.0.1 (or at `at`, in a network namespace), on a port of its own choosing. */
  static async start(mode: TermMode, at: ServerPlace = { host: '127.0.0.1' }): Promise<ServerProcess> {
    const server = new ServerProcess(mode, at);
    await server.launch(0);
    return server;
  }

  /** Starts the process again on the same port (after it died); its records so far are kept. */
  restart(): Promise<void> {
    return this.launch(this.port);
  }

  private async launch(port: number): Promise<void> {
    // A restart: the old group is dead, but still registered for the exit teardown and the sweep.
    await this.group?.kill();
    const [command, ...args] = [...(this.at.namespace ? ['ip', 'netns', 'exec', this.at.namespace] : []), ...nodeScript(mainScript)];
    this.group = spawnGroup(command, [...args, String(port), this.mode, this.at.host], process.env, 1);
    this.channel = this.group.child.stdio[3] as Duplex;
    let pending = '';
    this.channel.setEncoding('utf8');
    this.channel.on('data', (chunk: string) => {
      pending += chunk;
      for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
        this.take(Line.parse(JSON.parse(pending.slice(0, at))));
        pending = pending.slice(at + 1);
      }
    });
    // The child's death ends the pipe with an error on some paths; the records say what happened.
    this.channel.on('error', () => {});
    const first = await this.next(l => l.type === 'listening' || l.type === 'failed', START_TIMEOUT_MS);
    if (first.type === 'failed') throw new Error(`the lab server process could not listen on port ${port}: ${first.message}`);
    if (first.type === 'listening') this.port = first.port;
  }

  private take(line: Line): void {
    if ('tag' in line && line.type !== 'done') this.record(line);
    for (const listener of [...this.listeners]) listener(line);
  }

  private record(line: Extract<Line, { tag: string }>): void {
    if (line.type === 'open') {
      this.byTag.set(line.tag, {
        tag: line.tag, handler: '/ws (server process)', openedAt: line.at, localPort: line.localPort, remotePort: line.remotePort,
        received: [], closeFrame: null, socketClosedAt: null, fault: null,
      });
      return;
    }
    const record = this.byTag.get(line.tag);
    if (!record) return;
    if (line.type === 'message') record.received.push({ data: line.data, at: line.at });
    if (line.type === 'close-frame') record.closeFrame = { code: line.code, reason: line.reason, at: line.at };
    if (line.type === 'socket-closed') record.socketClosedAt = line.at;
    if (line.type === 'pong' || line.type === 'heartbeat-dead') {
      record.heartbeat ??= { pongs: 0, deadAt: null };
      if (line.type === 'pong') record.heartbeat.pongs++;
      else record.heartbeat.deadAt = line.at;
    }
  }

  /** Resolves with the first line from now on that matches, or rejects after `timeoutMs`. */
  private next(match: (line: Line) => boolean, timeoutMs: number): Promise<Line> {
    return new Promise((resolve, reject) => {
      const listener = (line: Line) => {
        if (!match(line)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`the lab server process said nothing expected within ${timeoutMs} ms; stderr: ${this.group.stderrTail() || 'none'}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** The pid of its process group's leader (the server itself). */
  get pid(): number {
    return this.group.child.pid!;
  }

  /** The WebSocket URL of its echo endpoint for the connection tagged `tag`; through a proxy, at the proxy's `port`. */
  wsUrl(tag: string, port = this.port): string {
    return `ws://${this.at.host}:${port}/ws?tag=${encodeURIComponent(tag)}`;
  }

  /** Resolves once the connection tagged `tag` is open on the server. */
  async opened(tag: string, timeoutMs = START_TIMEOUT_MS): Promise<ServerConnectionRecord> {
    if (!this.byTag.has(tag)) await this.next(l => l.type === 'open' && l.tag === tag, timeoutMs);
    return this.byTag.get(tag)!;
  }

  /** Stops reading the tagged socket: what the page sends from now on stays unread in the server's kernel. */
  async stopReading(tag: string): Promise<void> {
    const done = this.next(l => l.type === 'done' && l.tag === tag, START_TIMEOUT_MS);
    this.channel.write(JSON.stringify({ cmd: 'pause', tag }) + '\n');
    await done;
  }

  /**
   * Starts the server's heartbeat on the tagged connection (./process-main): a protocol ping every `intervalMs`,
   * the connection terminated when one has had no pong for `timeoutMs`; resolves once its first pong came back.
   */
  async heartbeat(tag: string, intervalMs: number, timeoutMs: number): Promise<void> {
    const done = this.next(l => l.type === 'done' && l.tag === tag, START_TIMEOUT_MS);
    const pong = this.next(l => l.type === 'pong' && l.tag === tag, intervalMs + timeoutMs + START_TIMEOUT_MS);
    this.channel.write(JSON.stringify({ cmd: 'heartbeat', tag, intervalMs, timeoutMs }) + '\n');
    await Promise.all([done, pong]);
  }

  /**
   * Starts the slow-path relay in front of the server (./process-main: a live path whose bytes it can hold back),
   * passing bytes on at once until delay() says otherwise; resolves with its port.
   */
  async relay(): Promise<number> {
    const listening = this.next(l => l.type === 'relay', START_TIMEOUT_MS);
    this.channel.write(JSON.stringify({ cmd: 'relay' }) + '\n');
    const line = await listening;
    this.relayPort = line.type === 'relay' ? line.port : undefined;
    return this.relayPort ?? 0;
  }

  /** From the moment this resolves (and not before it was called) the relay holds every byte back `ms` each way. */
  delay(ms: number): Promise<void> {
    return this.command({ cmd: 'delay', ms });
  }

  /**
   * From the moment this resolves the relay passes what the page sends on at `bytesPerSecond`, queueing the rest
   * without bound (a slow uplink with a large buffer: bufferbloat); what the server sends is not held.
   */
  uplink(bytesPerSecond: number): Promise<void> {
    return this.command({ cmd: 'uplink', bytesPerSecond });
  }

  private async command(command: { cmd: string } & Record<string, unknown>): Promise<void> {
    const done = this.next(l => l.type === 'done' && l.cmd === command.cmd, START_TIMEOUT_MS);
    this.channel.write(JSON.stringify(command) + '\n');
    await done;
  }

  /** Resolves once the server next receives a message or a pong on the tagged connection (a heartbeat's exchange). */
  async exchanged(tag: string, timeoutMs: number): Promise<void> {
    await this.next(l => (l.type === 'message' || l.type === 'pong') && l.tag === tag, timeoutMs);
  }

  /** Sends `signal` to the server's process group (SIGKILL, SIGTERM, SIGSTOP, SIGCONT), stamping the record's fault. */
  signal(signal: NodeJS.Signals, tag: string): void {
    const record = this.byTag.get(tag);
    if (record) record.fault = { name: signal, at: epochNow() };
    signalGroup(this.group.child.pid!, signal);
  }

  /** Resolves once the process has exited (true), or after `timeoutMs` (false). */
  exited(timeoutMs: number): Promise<boolean> {
    const child = this.group.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
    return new Promise(resolve => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** The server's view of the tagged connection, or null if it never opened. */
  recordOf(tag: string): ServerConnectionRecord | null {
    return this.byTag.get(tag) ?? null;
  }

  /** Ends the process group whatever its state: a stopped process is continued first, so SIGTERM can reach it. */
  async shutDown(): Promise<void> {
    signalGroup(this.group.child.pid!, 'SIGCONT');
    await this.group.kill();
  }
}
