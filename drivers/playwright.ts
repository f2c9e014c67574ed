import { chromium, firefox, webkit, type Browser } from '@playwright/test';
import type { Capability, Driver, LabPage } from './driver';
import { coverWithTab } from './hidden-page';
import { watchSocketCloses } from './network-log';
import { prepareNetnsLaunch, type BrowserNamespace as LabNamespace } from './netns-launch';
import type { BrowserChoice } from './resolve';

type Launchable = Extract<BrowserChoice, { executable: string }>;

// Chromium's background services dial Google at start; this machine's closed network refuses them by the dozen.
export const quietChromium = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Firefox's own background-timer defaults (modules/libpref/init/StaticPrefList.yaml), which Playwright's profile
 * sets to 0 and false: a hidden page's timeouts clamped to at least 1 s, with or without budget throttling.
 */
const firefoxBackgroundDefaults = {
  'dom.min_background_timeout_value': 1000,
  'dom.min_background_timeout_value_without_budget_throttling': 1000,
  'dom.timeout.enable_budget_timer_throttling': true,
};

/**
 * Launches a browser Playwright can drive: its own builds, Debian's Chromium, or Firefox ESR over WebDriver BiDi.
 * With `netns` the browser runs inside that network namespace (see ./netns-launch) while Playwright stays outside.
 * A `hidden` Firefox has its background-timer defaults back and each lab page behind a tab (./hidden-page); a hidden
 * Chromium needs a launch of its own (./hidden-chromium).
 */
export async function launchPlaywright(choice: Launchable, options?: { netns?: LabNamespace; hidden?: boolean }): Promise<Driver> {
  const hidden = options?.hidden === true;
  if (hidden && choice.engine !== 'firefox') throw new Error(`launchPlaywright hides Firefox pages only, not ${choice.engine}'s.`);
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
      ...(choice.engine === 'firefox'
        ? { firefoxUserPrefs: { ...(options?.netns ? { 'network.manage-offline-status': true } : {}), ...(hidden ? firefoxBackgroundDefaults : {}) } }
        : {}),
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
      // The cover is in the page's own context (its window), closed with it.
      if (hidden) await coverWithTab(page);
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
