/**
 * The WebKitGTK driver: MiniBrowser driven over W3C WebDriver (Playwright cannot drive the distribution's WebKit),
 * put together from the session's processes (./webkitgtk-session), the WebDriver client (./webdriver-client) and
 * one window per lab page (./session-windows).
 */
import type { Capability, Driver } from './driver';
import type { BrowserNamespace } from './netns-launch';
import { SessionWindows } from './session-windows';
import { startWebKitGtkSession, type WebKitGtkPaths } from './webkitgtk-session';

/**
 * Launches MiniBrowser through WebKitWebDriver under a private Xvfb, one WebDriver session per Driver and a new
 * window per page; with `netns`, inside that network namespace. Throws an Error with an actionable one-line
 * message if something is missing or does not start.
 */
export async function launchWebKitGtk(paths: WebKitGtkPaths, options: { netns?: BrowserNamespace } = {}): Promise<Driver> {
  const { session, home, stop } = await startWebKitGtkSession(paths, options.netns);
  const windows = new SessionWindows(session, home);
  return {
    info: { engine: 'webkit', driver: 'webdriver', source: 'distribution', browserVersion: session.browserVersion, executable: paths.browserPath },
    capabilities: new Set<Capability>(),
    newPage: url => windows.openPage(url),
    async close() {
      // A clean DELETE lets MiniBrowser exit by itself; the group kill in stop covers a hung or dead session.
      await session.delete(2000).catch(() => {});
      await stop();
    },
  };
}
