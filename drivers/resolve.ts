import { existsSync } from 'node:fs';
import { chromium, firefox, webkit } from '@playwright/test';
import type { BrowserInfo } from './driver';

export type Engine = BrowserInfo['engine'];
export const engines: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

/** How a project's browser will be launched, decided once when the config loads. */
export type BrowserChoice =
  | { engine: Engine; source: BrowserInfo['source']; driver: string; executable: string; webdriver?: string }
  | { engine: Engine; missing: string };

const distribution: Record<Engine, { driver: string; executable: string; webdriver?: string; install: string }> = {
  chromium: { driver: 'playwright', executable: '/usr/bin/chromium', install: 'apt-get install chromium' },
  firefox: { driver: 'playwright-bidi', executable: '/usr/bin/firefox-esr', install: 'apt-get install firefox-esr' },
  webkit: {
    driver: 'webdriver',
    executable: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    webdriver: '/usr/bin/WebKitWebDriver',
    install: 'apt-get install webkit2gtk-driver xvfb',
  },
};

const playwrightTypes = { chromium, firefox, webkit };

/**
 * Playwright's own browser when `npx playwright install` put it there, else the distribution's package,
 * else a sentence saying how to get one. WSLAB_BROWSER_SOURCE=distribution forces the fallback.
 */
export function chooseBrowser(engine: Engine): BrowserChoice {
  const own = playwrightTypes[engine].executablePath();
  if (process.env.WSLAB_BROWSER_SOURCE !== 'distribution' && own && existsSync(own))
    return { engine, source: 'playwright', driver: 'playwright', executable: own };
  const d = distribution[engine];
  const absent = [d.executable, d.webdriver].filter((p): p is string => !!p && !existsSync(p));
  if (absent.length)
    return {
      engine,
      missing: `${engine} is not installed (no Playwright ${engine} and no ${absent.join(', ')}): run \`npx playwright install ${engine}\`, or \`${d.install}\``,
    };
  return { engine, source: 'distribution', driver: d.driver, executable: d.executable, webdriver: d.webdriver };
}
