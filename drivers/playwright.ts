import { chromium, firefox, webkit, type Browser } from '@playwright/test';
import type { Capability, Driver, LabPage } from './driver';
import { watchSocketCloses } from './network-log';
import { prepareNetnsLaunch, type BrowserNamespace as LabNamespace } from './netns-launch';
import type { BrowserChoice } from './resolve';

type Launchable = Extract<BrowserChoice, { executable: string }>;

// Chromium's background services dial Google at start; this machine's closed network refuses them by the dozen.
const quietChromium = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Launches a browser Playwright can drive: its own builds, Debian's Chromium, or Firefox ESR over WebDriver BiDi.
 * With `netns` the browser runs inside that network namespace (see ./netns-launch) while Playwright stays outside.
 */
export async function launchPlaywright(choice: Launchable, options?: { netns?: LabNamespace }): Promise<Driver> {
  const type = { chromium, firefox, webkit }[choice.engine];
  const inNamespace = options?.netns
    ? await prepareNetnsLaunch(options.netns, choice.executable, choice.driver === 'playwright-bidi' ? 'bidi' : 'pipe')
    : undefined;
  let browser: Browser;
  try {
    browser = await type.launch({
      executablePath: inNamespace?.executablePath ?? choice.executable,
      ...(choice.driver === 'playwright-bidi' ? { channel: 'moz-firefox' } : {}),
      ...(choice.engine === 'chromium' ? { args: quietChromium } : {}),
      // Playwright's Firefox profile stops Firefox following the OS's link state, which is what a namespace is for.
      ...(options?.netns && choice.engine === 'firefox' ? { firefoxUserPrefs: { 'network.manage-offline-status': true } } : {}),
    });
  } catch (error) {
    await inNamespace?.close();
    throw error;
  }
  const capabilities = new Set<Capability>(['offline-emulation']);
  return {
    info: {
      engine: choice.engine,
      driver: choice.driver,
      source: choice.source,
      browserVersion: browser.version(),
      executable: choice.executable,
    },
    capabilities,
    async newPage(url: string): Promise<LabPage> {
      const context = await browser.newContext();
      const page = await context.newPage();
      const socketCloses = choice.engine === 'chromium' ? await watchSocketCloses(context, page) : undefined;
      await page.goto(url);
      return {
        evaluate: expression => page.evaluate(expression),
        setOffline: offline => context.setOffline(offline),
        socketCloses,
        renew: async () => {
          await context.setOffline(false);
          await page.goto(url);
        },
        close: () => context.close(),
      };
    },
    close: async () => {
      try {
        await browser.close();
      } finally {
        await inNamespace?.close();
      }
    },
  };
}
