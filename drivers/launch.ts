import type { Driver } from './driver';
import type { BrowserNamespace } from './netns-launch';
import { launchPlaywright } from './playwright';
import type { BrowserChoice } from './resolve';
import { launchWebKitGtk } from './webkitgtk';

/** Launches the chosen browser with the driver that can drive it; with `netns`, inside that lab network namespace. */
export function launchDriver(choice: Extract<BrowserChoice, { executable: string }>, options?: { netns?: BrowserNamespace }): Promise<Driver> {
  if (choice.driver === 'webdriver') {
    if (choice.webdriver === undefined) return Promise.reject(new Error(`${choice.engine}: driver 'webdriver' needs a WebDriver server, and the choice names none.`));
    return launchWebKitGtk({ webdriverPath: choice.webdriver, browserPath: choice.executable }, { netns: options?.netns });
  }
  return launchPlaywright(choice, { netns: options?.netns });
}
