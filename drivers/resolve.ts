import { existsSync } from 'node:fs';
import { chromium, firefox, webkit } from '@playwright/test';
import type { BrowserInfo } from './driver';

export type Engine = BrowserInfo['engine'];
export const engines: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

/** How a project's browser will be launched, decided once when the config loads. */
export type BrowserChoice =
  | { engine: Engine; source: BrowserInfo['source']; driver: string; executable: string; webdriver?: string }
  | { engine: Engine; missing: string };

/** Where the distribution's packages put each engine, and what to install when they are missing. */
export interface DistributionBrowser {
  driver: string;
  executable: string;
  /** The WebDriver server, for browsers Playwright cannot drive. */
  webdriver?: string;
  /** Other programs the driver needs (an X server). */
  needs: string[];
  install: string;
}

export const distribution: Record<Engine, DistributionBrowser> = {
  chromium: { driver: 'playwright', executable: '/usr/bin/chromium', needs: [], install: 'apt-get install chromium' },
  firefox: { driver: 'playwright-bidi', executable: '/usr/bin/firefox-esr', needs: [], install: 'apt-get install firefox-esr' },
  webkit: {
    driver: 'webdriver',
    executable: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    webdriver: '/usr/bin/WebKitWebDriver',
    needs: ['/usr/bin/Xvfb'],
    install: 'apt-get install webkit2gtk-driver xvfb',
  },
};

const playwrightTypes = { chromium, firefox, webkit };

/**
 * Playwright's own browser when `npx playwright install` put it there, else the distribution's package,
 * else a sentence saying how to get one. WSLAB_BROWSER_SOURCE=distribution forces the fallback.
 */
export function chooseBrowser(
  engine: Engine,
  { preferPlaywright = process.env.WSLAB_BROWSER_SOURCE !== 'distribution', fallback = distribution[engine] } = {},
): BrowserChoice {
  const own = playwrightTypes[engine].executablePath();
  if (preferPlaywright && own && existsSync(own)) return { engine, source: 'playwright', driver: 'playwright', executable: own };
  const absent = [fallback.executable, fallback.webdriver ?? [], ...fallback.needs].flat().filter(p => !existsSync(p));
  if (absent.length)
    return {
      engine,
      missing: `${engine} is not installed (no Playwright ${engine}, and ${absent.join(', ')} missing): run \`npx playwright install ${engine}\` or \`${fallback.install}\``,
    };
  return { engine, source: 'distribution', driver: fallback.driver, executable: fallback.executable, webdriver: fallback.webdriver };
}
