import type { Driver } from './driver';
import { launchPlaywright } from './playwright';
import type { BrowserChoice } from './resolve';
import { launchWebKitGtk } from './webkitgtk';

/** Launches the chosen browser with the driver that can drive it. */
export function launchDriver(choice: Extract<BrowserChoice, { executable: string }>): Promise<Driver> {
  if (choice.driver === 'webdriver') return launchWebKitGtk({ webdriverPath: choice.webdriver, browserPath: choice.executable });
  return launchPlaywright(choice);
}
