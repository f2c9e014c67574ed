import type { Page } from '@playwright/test';

// Opening a tab and the page's visibilitychange take milliseconds; this only bounds a browser that never does it.
const COVER_TIMEOUT_MS = 10_000;

/** The browser would not hide the page: its hidden-page rows cannot be measured with this build or driver. */
export class HiddenPageUnavailable extends Error {}

/**
 * Hides `page` as a user's browser does when another tab comes to the front: the page opens a blank tab in its own
 * window (`window.open`, Playwright's evaluate being a user gesture), and the browser itself marks the page hidden,
 * with the throttling it gives a hidden page. Resolves with the covering tab once the page says `hidden`; closing
 * the cover would bring the page back, so it is closed with the page.
 */
export async function coverWithTab(page: Page): Promise<Page> {
  const opened = page.context().waitForEvent('page', { timeout: COVER_TIMEOUT_MS });
  await page.evaluate(() => {
    window.open('about:blank');
  });
  const cover = await opened;
  try {
    // Polled by timer, not animation frames: a hidden page paints none.
    await page.waitForFunction(() => document.visibilityState === 'hidden', undefined, { polling: 50, timeout: COVER_TIMEOUT_MS });
  } catch (error) {
    await cover.close();
    throw new HiddenPageUnavailable(`this browser kept the lab page visible behind a new tab, so it cannot be measured hidden (${String(error).split('\n')[0]})`);
  }
  return cover;
}
