/**
 * The processes behind a WebKitGTK session: a private Xvfb (this MiniBrowser has no headless mode), WebKitWebDriver
 * on a loopback port, and the MiniBrowser it starts for the session. With a namespace, WebKitWebDriver runs inside
 * it behind ./netns-launch's relay, and with it MiniBrowser and its web and network processes (it talks to
 * MiniBrowser over loopback TCP, so the two must share a namespace); Xvfb stays in the root namespace, reached
 * through its socket file.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { spawnGroup, type GroupProcess } from '../core/process-group';
import { prepareTcpControlled, type BrowserNamespace, type TcpControlled } from './netns-launch';
import { WebDriverClient, type WebDriverSession } from './webdriver-client';
import { startXvfb, type Xvfb } from './xvfb';

// Page-side waits may be long; callers bound their own.
const scriptTimeoutMs = 30 * 60 * 1000;
// MiniBrowser starts in about 250 ms; WebKitWebDriver waits forever for one that never connects.
const sessionTimeoutMs = 30_000;

export interface WebKitGtkPaths {
  /** WebKitWebDriver, e.g. /usr/bin/WebKitWebDriver. */
  webdriverPath: string;
  /** MiniBrowser, e.g. /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser. */
  browserPath: string;
}

/** A running WebKitGTK session and the processes behind it. */
export interface WebKitGtkSession {
  readonly session: WebDriverSession;
  /** The session's first window, current when it starts. */
  readonly home: string;
  /** Stops WebKitWebDriver (and with its process group MiniBrowser), the relay and Xvfb. */
  stop(): Promise<void>;
}

/**
 * Starts Xvfb, WebKitWebDriver (inside `netns` if given) and a session on it. Throws an Error with an actionable
 * one-line message if something is missing or does not start; nothing is left running then.
 */
export async function startWebKitGtkSession(paths: WebKitGtkPaths, netns?: BrowserNamespace): Promise<WebKitGtkSession> {
  const { webdriverPath, browserPath } = paths;
  if (!existsSync(webdriverPath)) throw new Error(`WebKitWebDriver not found at ${webdriverPath}: apt-get install webkit2gtk-driver`);
  if (!existsSync(browserPath)) throw new Error(`MiniBrowser not found at ${browserPath}: apt-get install webkit2gtk-driver`);
  const { webdriver, port, stop } = await startWebDriver(webdriverPath, netns);
  try {
    const client = new WebDriverClient(port);
    await waitUntilReady(client, () => webdriver.child.pid === undefined || webdriver.child.exitCode !== null);
    const session = await client.newSession(
      { 'webkitgtk:browserOptions': { binary: browserPath, args: ['--automation'] }, timeouts: { script: scriptTimeoutMs } },
      sessionTimeoutMs,
    );
    return { session, home: await session.windowHandle(), stop };
  } catch (error) {
    await stop();
    const tail = webdriver.stderrTail().split('\n').slice(-3).join(' | ');
    const where = netns ? ` in network namespace ${netns.name}` : '';
    throw new Error(`WebKitGTK did not start${where}: ${(error as Error).message}${tail ? ` (WebKitWebDriver stderr: ${tail})` : ''}`);
  }
}

/** Starts Xvfb and WebKitWebDriver on a free port (or the relay's), each stopped by `stop`. */
async function startWebDriver(webdriverPath: string, netns: BrowserNamespace | undefined): Promise<{ webdriver: GroupProcess; port: number; stop: () => Promise<void> }> {
  const relay: TcpControlled | undefined = netns ? await prepareTcpControlled(netns, webdriverPath) : undefined;
  let port: number;
  let xvfb: Xvfb;
  try {
    port = relay?.port ?? (await freePort());
    xvfb = await startXvfb();
  } catch (error) {
    await relay?.close();
    throw error;
  }
  const [command, ...prefix] = relay?.command ?? [webdriverPath];
  const webdriver = spawnGroup(command, [...prefix, `--port=${port}`, '--host=127.0.0.1'], browserEnv(xvfb.display));
  const stop = async () => {
    await webdriver.kill();
    await relay?.close();
    await xvfb.close();
  };
  return { webdriver, port, stop };
}

/**
 * The environment WebKitWebDriver and MiniBrowser run with. Xvfb has no GPU: software GL and no compositing keep
 * the web process from probing for one.
 */
function browserEnv(display: string): NodeJS.ProcessEnv {
  return { ...process.env, DISPLAY: display, LIBGL_ALWAYS_SOFTWARE: '1', WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
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

/** Polls GET /status until WebKitWebDriver is ready, failing early if it exits. */
async function waitUntilReady(client: WebDriverClient, hasExited: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) throw new Error('WebKitWebDriver exited at start');
    try {
      if (await client.ready(1000)) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer GET /status within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 50));
  }
}
