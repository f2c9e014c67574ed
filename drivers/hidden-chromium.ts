import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { makeLabTempDir } from '../core/containment';
import { spawnGroup } from '../core/process-group';
import type { Driver, LabPage } from './driver';
import { coverWithTab } from './hidden-page';
import { watchSocketCloses } from './network-log';
import { quietChromium } from './playwright';
import type { BrowserChoice } from './resolve';

// Chromium writes its DevTools port within a second or two; this only bounds a browser that never starts.
const START_TIMEOUT_MS = 20_000;

/**
 * Chromium with a page that can be hidden, for the hidden-page heartbeats. Playwright's own launch cannot give one:
 * it passes --disable-background-timer-throttling (and two more) and keeps every page it attaches to visible through
 * Emulation.setFocusEmulationEnabled, which holds the page "captured" (content/browser/devtools/protocol/
 * emulation_handler.cc: IncrementCapturerCount, stay_hidden false). So the suite starts Chromium itself with its
 * default throttling, attaches over CDP with `noDefaults` (no focus emulation in the default context), opens each
 * lab page in a window of its own and covers it with a tab (./hidden-page). One window per page: closing one page's
 * tabs never brings another page to the front. Offline emulation is per context, and all pages share the default
 * one, so it is not offered.
 */
export async function launchHiddenChromium(choice: Extract<BrowserChoice, { executable: string }>): Promise<Driver> {
  const profile = makeLabTempDir('chromium');
  const args = ['--headless', '--no-sandbox', '--remote-debugging-port=0', `--user-data-dir=${profile}`, ...quietChromium, 'about:blank'];
  const group = spawnGroup(choice.executable, args, process.env);
  let browser: Browser;
  try {
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${await devToolsPort(profile, group.stderrTail)}`, { noDefaults: true });
  } catch (error) {
    await group.kill();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const context = browser.contexts()[0];
  // One page opens at a time, so the page that comes up is the one asked for.
  let opening = Promise.resolve();
  return {
    info: { engine: 'chromium', driver: 'cdp-hidden', source: choice.source, browserVersion: browser.version(), executable: choice.executable },
    capabilities: new Set(),
    newPage(url: string): Promise<LabPage> {
      const page = opening.then(() => openHidden(browser, context, url));
      opening = page.then(
        () => {},
        () => {},
      );
      return page;
    },
    close: async () => {
      try {
        await browser.close();
      } finally {
        await group.kill();
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

async function openHidden(browser: Browser, context: BrowserContext, url: string): Promise<LabPage> {
  const cdp = await browser.newBrowserCDPSession();
  const opened = context.waitForEvent('page', { timeout: START_TIMEOUT_MS });
  await cdp.send('Target.createTarget', { url: 'about:blank', newWindow: true });
  const page: Page = await opened;
  await cdp.detach();
  const socketCloses = await watchSocketCloses(context, page);
  await page.goto(url);
  const cover = await coverWithTab(page);
  return {
    evaluate: expression => page.evaluate(expression),
    setOffline: () => Promise.reject(new Error('Offline emulation is not offered for hidden Chromium pages: it would cut every page of the shared context.')),
    socketCloses,
    renew: async () => {
      await page.goto(url);
    },
    close: async () => {
      await page.close();
      await cover.close();
    },
  };
}

/** The port Chromium's DevTools listens on, from the DevToolsActivePort file it writes into its profile. */
async function devToolsPort(profile: string, stderr: () => string): Promise<number> {
  const file = path.join(profile, 'DevToolsActivePort');
  for (const until = Date.now() + START_TIMEOUT_MS; Date.now() < until; await new Promise(r => setTimeout(r, 50))) {
    const port = existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : 0;
    if (port > 0) return port;
  }
  throw new Error(`Chromium did not open its DevTools port within ${START_TIMEOUT_MS / 1000} s: ${stderr() || 'no stderr'}`);
}
