// Hand-rolled W3C client over node:http: selenium-webdriver's JS package has no WebKitGTK module, and fetch's 300 s header timeout would cut long execute/async calls.
import { request, Agent } from 'node:http';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import type { LabNamespace } from '../faults/netns';
import type { Capability, Driver, LabPage } from './driver';
import { prepareTcpControlled } from './netns-launch';
import { spawnGroup } from '../core/process-group';
import { startXvfb, type Xvfb } from './xvfb';

const defaultWebDriver = '/usr/bin/WebKitWebDriver';
const defaultMiniBrowser = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// Page-side waits may be long; callers bound their own.
const scriptTimeoutMs = 30 * 60 * 1000;
// MiniBrowser starts in about 250 ms; WebKitWebDriver waits forever for one that never connects.
const sessionTimeoutMs = 30_000;

type Command = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: object, timeoutMs?: number) => Promise<unknown>;

/** Sends W3C commands to one WebDriver server and unwraps `value`; no timeout unless given, since execute/async may legitimately wait for minutes. */
function client(port: number): Command {
  const agent = new Agent({ keepAlive: true });
  return (method, path, body, timeoutMs) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        res => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            let value: unknown;
            try {
              value = (JSON.parse(text) as { value: unknown }).value;
            } catch {
              return reject(new Error(`WebDriver ${method} ${path}: HTTP ${res.statusCode}, not JSON: ${text.slice(0, 200)}`));
            }
            if ((res.statusCode ?? 500) < 400) return resolve(value);
            const { error, message } = (value ?? {}) as { error?: string; message?: string };
            reject(new Error(`WebDriver ${method} ${path}: ${error ?? `HTTP ${res.statusCode}`}: ${message ?? ''}`));
          });
        },
      );
      req.on('error', reject);
      if (timeoutMs !== undefined)
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`WebDriver ${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.end(payload);
    });
}

/** A loopback port free right now; WebKitWebDriver binds it a moment later (outside a namespace). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// Runs the expression the way Playwright's string evaluate does (global eval, so statements work too) and awaits
// a promise; errors come back as data, message first since JavaScriptCore's Error.stack holds only the frames.
const evaluateScript = `const [expression, done] = arguments;
Promise.resolve().then(() => (0, eval)(expression))
  .then(ok => done({ ok }), e => done({ error: String(e) + (e && e.stack ? '\\n' + e.stack : '') }));`;

/**
 * Launches MiniBrowser through WebKitWebDriver under a private Xvfb (this MiniBrowser has no headless mode).
 * One WebDriver session per Driver and a new window per page: about 220 ms per page against about 420-480 ms for
 * a session (a browser launch) per page. Pages get their own web process, but share the session's cookies,
 * storage, HTTP cache and network process. `evaluate` returns null where the page yields undefined.
 * With `netns`, WebKitWebDriver runs inside that namespace behind ./netns-launch's relay, and with it MiniBrowser and
 * its web and network processes (it talks to MiniBrowser over loopback TCP, so the two must share a namespace); Xvfb
 * stays in the root namespace, reached through its socket file.
 * Throws an Error with an actionable one-line message if something is missing or does not start.
 */
export async function launchWebKitGtk(options: { webdriverPath?: string; browserPath?: string; netns?: LabNamespace }): Promise<Driver> {
  const webdriverPath = options.webdriverPath ?? defaultWebDriver;
  const browserPath = options.browserPath ?? defaultMiniBrowser;
  if (!existsSync(webdriverPath)) throw new Error(`WebKitWebDriver not found at ${webdriverPath}: apt-get install webkit2gtk-driver`);
  if (!existsSync(browserPath)) throw new Error(`MiniBrowser not found at ${browserPath}: apt-get install webkit2gtk-driver`);

  const relay = options.netns ? await prepareTcpControlled(options.netns, webdriverPath) : undefined;
  let port: number;
  let xvfb: Xvfb;
  try {
    port = relay?.port ?? (await freePort());
    xvfb = await startXvfb();
  } catch (error) {
    await relay?.close();
    throw error;
  }
  // Xvfb has no GPU: software GL and no compositing keep the web process from probing for one.
  const env = { ...process.env, DISPLAY: xvfb.display, LIBGL_ALWAYS_SOFTWARE: '1', WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
  const [command, ...prefix] = relay?.command ?? [webdriverPath];
  const webdriver = spawnGroup(command, [...prefix, `--port=${port}`, '--host=127.0.0.1'], env);
  const stopAll = async () => {
    await webdriver.kill();
    await relay?.close();
    await xvfb.close();
  };
  const wd = client(port);

  let sessionId: string;
  let browserVersion: string;
  let home: string;
  try {
    await waitForStatus(wd, () => webdriver.child.pid === undefined || webdriver.child.exitCode !== null);
    const session = (await wd('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': { binary: browserPath, args: ['--automation'] },
          timeouts: { script: scriptTimeoutMs },
        },
      },
    }, sessionTimeoutMs)) as { sessionId: string; capabilities: { browserVersion?: string } };
    sessionId = session.sessionId;
    browserVersion = session.capabilities.browserVersion ?? 'unknown';
    // The first window stays open and unused: closing a session's last window would end the session.
    home = (await wd('GET', `/session/${sessionId}/window`)) as string;
  } catch (error) {
    await stopAll();
    const tail = webdriver.stderrTail().split('\n').slice(-3).join(' | ');
    const where = options.netns ? ` in network namespace ${options.netns.name}` : '';
    throw new Error(`WebKitGTK did not start${where}: ${(error as Error).message}${tail ? ` (WebKitWebDriver stderr: ${tail})` : ''}`);
  }
  const base = `/session/${sessionId}`;
  let current = home;
  const switchTo = async (handle: string) => {
    if (current === handle) return;
    await wd('POST', `${base}/window`, { handle });
    current = handle;
  };
  // The session has one current window for all its pages, so a command and the switch before it must not
  // interleave with another page's (the page pool opens the next page while a test uses its own).
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(commands: () => Promise<T>): Promise<T> => {
    const run = queue.then(commands);
    queue = run.catch(() => {});
    return run;
  };
  const inWindow = <T>(handle: string, command: () => Promise<T>): Promise<T> =>
    exclusive(async () => {
      await switchTo(handle);
      return command();
    });
  // Closing the window ends its web process, and with it the page's sockets (a pending WebSocket's TCP
  // connection was seen closed within 5 ms), so nothing of one test's traffic outlives its page.
  const closeWindow = (handle: string) =>
    inWindow(handle, async () => {
      await wd('DELETE', `${base}/window`);
      current = '';
      await switchTo(home);
    });

  return {
    info: { engine: 'webkit', driver: 'webdriver', source: 'distribution', browserVersion, executable: browserPath },
    capabilities: new Set<Capability>(),
    async newPage(url: string): Promise<LabPage> {
      const { handle } = (await exclusive(() => wd('POST', `${base}/window/new`, { type: 'tab' }))) as { handle: string };
      try {
        await inWindow(handle, async () => {
          await wd('POST', `${base}/url`, { url });
          // WebKitWebDriver answers success for a load that failed (e.g. connection refused), leaving about:blank.
          if (url !== 'about:blank' && (await wd('GET', `${base}/url`)) === 'about:blank') throw new Error(`page did not load: ${url}`);
        });
      } catch (error) {
        await closeWindow(handle).catch(() => {});
        throw error;
      }
      let closed = false;
      return {
        async evaluate(expression: string) {
          const result = (await inWindow(handle, () => wd('POST', `${base}/execute/async`, { script: evaluateScript, args: [expression] }))) as
            | { ok: unknown }
            | { error: string };
          if ('error' in result) throw new Error(`evaluate failed in page: ${result.error}`);
          return result.ok;
        },
        async setOffline() {
          throw new Error('offline emulation is not available over WebDriver');
        },
        async close() {
          if (closed) return;
          closed = true;
          await closeWindow(handle);
        },
      };
    },
    async close() {
      // A clean DELETE lets MiniBrowser exit by itself; the group kill below covers a hung or dead session.
      await wd('DELETE', base, undefined, 2000).catch(() => {});
      await stopAll();
    },
  };
}

/** Polls GET /status until WebKitWebDriver is ready, failing early if it exits. */
async function waitForStatus(wd: Command, hasExited: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) throw new Error('WebKitWebDriver exited at start');
    try {
      const status = (await wd('GET', '/status', undefined, 1000)) as { ready?: boolean };
      if (status.ready) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer GET /status within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 50));
  }
}
