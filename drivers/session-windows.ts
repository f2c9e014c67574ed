import { z } from 'zod';
import type { LabPage } from './driver';
import type { WebDriverSession } from './webdriver-client';

// Runs the expression the way Playwright's string evaluate does (global eval, so statements work too) and awaits
// a promise; errors come back as data, message first since JavaScriptCore's Error.stack holds only the frames.
const evaluateScript = `const [expression, done] = arguments;
Promise.resolve().then(() => (0, eval)(expression))
  .then(ok => done({ ok }), e => done({ error: String(e) + (e && e.stack ? '\\n' + e.stack : '') }));`;

// What evaluateScript passes to `done`.
const Evaluated = z.union([z.object({ error: z.string() }), z.object({ ok: z.unknown() })]);

/**
 * Many lab pages in one WebDriver session, one window each: about 220 ms per page against about 420-480 ms for a
 * session (a browser launch) per page. Pages get their own web process, but share the session's cookies, storage,
 * HTTP cache and network process.
 *
 * A session has one current window for all its pages, so a command and the switch before it must not interleave
 * with another page's (the page pool opens the next page while a test uses its own): every command goes through
 * one queue.
 */
export class SessionWindows {
  private current: string;
  private queue: Promise<unknown> = Promise.resolve();

  /** `home` is a window that stays open and unused: closing a session's last window would end the session. */
  constructor(
    private readonly session: WebDriverSession,
    private readonly home: string,
  ) {
    this.current = home;
  }

  /** Opens `url` in a new window; rejects if it does not load. `evaluate` returns null where the page yields undefined. */
  async openPage(url: string): Promise<LabPage> {
    const handle = await this.exclusive(() => this.session.newTab());
    try {
      await this.load(handle, url);
    } catch (error) {
      await this.closeWindow(handle).catch(() => {});
      throw error;
    }
    let closed = false;
    return {
      queuesCalls: true,
      evaluate: async expression => {
        const result = await this.inWindow(handle, () => this.session.executeAsync(evaluateScript, [expression], Evaluated));
        if ('error' in result) throw new Error(`evaluate failed in page: ${result.error}`);
        return result.ok;
      },
      setOffline: async () => {
        throw new Error('offline emulation is not available over WebDriver');
      },
      renew: () => this.load(handle, url),
      close: async () => {
        if (closed) return;
        closed = true;
        await this.closeWindow(handle);
      },
    };
  }

  /** Loads `url` in the window; rejects if it does not load. */
  private load(handle: string, url: string): Promise<void> {
    return this.inWindow(handle, async () => {
      await this.session.navigate(url);
      // WebKitWebDriver answers success for a load that failed (e.g. connection refused), leaving about:blank.
      if (url !== 'about:blank' && (await this.session.currentUrl()) === 'about:blank') throw new Error(`page did not load: ${url}`);
    });
  }

  /** Runs `commands` once every command queued before them has finished. */
  private exclusive<T>(commands: () => Promise<T>): Promise<T> {
    const run = this.queue.then(commands);
    this.queue = run.catch(() => {});
    return run;
  }

  private inWindow<T>(handle: string, command: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.switchTo(handle);
      return command();
    });
  }

  private async switchTo(handle: string): Promise<void> {
    if (this.current === handle) return;
    await this.session.switchToWindow(handle);
    this.current = handle;
  }

  // Closing the window ends its web process, and with it the page's sockets (a pending WebSocket's TCP
  // connection was seen closed within 5 ms), so nothing of one test's traffic outlives its page.
  private closeWindow(handle: string): Promise<void> {
    return this.inWindow(handle, async () => {
      await this.session.closeWindow();
      this.current = '';
      await this.switchTo(this.home);
    });
  }
}
