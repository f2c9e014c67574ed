import type { LabNamespace } from '../faults/netns';
import type { Driver } from './driver';
import { launchPlaywright } from './playwright';
import type { BrowserChoice } from './resolve';
import { launchWebKitGtk } from './webkitgtk';

/** Launches the chosen browser with the driver that can drive it; with `netns`, inside that lab network namespace. */
export function launchDriver(choice: Extract<BrowserChoice, { executable: string }>, options?: { netns?: LabNamespace }): Promise<Driver> {
  if (choice.driver === 'webdriver') {
    return launchWebKitGtk({ webdriverPath: choice.webdriver, browserPath: choice.executable, netns: options?.netns });
  }
  return launchPlaywright(choice, { netns: options?.netns });
}
