import type { Driver } from './driver';
import { launchHiddenChromium } from './hidden-chromium';
import type { BrowserNamespace } from './netns-launch';
import { launchPlaywright } from './playwright';
import type { BrowserChoice } from './resolve';
import { launchWebKitGtk } from './webkitgtk';

/**
 * Launches the chosen browser with the driver that can drive it; with `netns`, inside that lab network namespace;
 * with `hidden`, with its hidden-page throttling and each lab page behind a tab. WebKitGTK's pages under
 * WebKitWebDriver are hidden either way.
 */
export function launchDriver(choice: Extract<BrowserChoice, { executable: string }>, options?: { netns?: BrowserNamespace; hidden?: boolean }): Promise<Driver> {
  if (options?.hidden && options.netns) return Promise.reject(new Error('Hidden pages are launched in the root namespace only.'));
  if (options?.hidden && choice.engine === 'chromium') return launchHiddenChromium(choice);
  if (choice.driver === 'webdriver') {
    if (choice.webdriver === undefined) return Promise.reject(new Error(`${choice.engine}: driver 'webdriver' needs a WebDriver server, and the choice names none.`));
    return launchWebKitGtk({ webdriverPath: choice.webdriver, browserPath: choice.executable }, { netns: options?.netns });
  }
  return launchPlaywright(choice, { netns: options?.netns, hidden: options?.hidden });
}
