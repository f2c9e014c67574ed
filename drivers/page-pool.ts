import { busy } from '../core/quiet';
import type { Driver, LabPage } from './driver';

/**
 * The worker's lab page, renewed for each test: a fresh document of the lab page loaded in place (its sockets
 * closed, the network restored) instead of a new page. A new page is a browser context and usually a renderer
 * process: about 1.5 CPU-seconds in Chromium and Firefox against 0.2–0.3 for a navigation (measured on this
 * 2-core machine), and page creation was most of what loaded the CPU during a run. Every test still starts from
 * a document of its own; a page that cannot be renewed is closed and replaced.
 */
export class PagePool {
  private kept: LabPage | null = null;

  constructor(
    private readonly driver: Driver,
    private readonly url: string,
  ) {}

  /** The kept page with a fresh document, or a new page when there is none (or renewing it failed). */
  async take(): Promise<LabPage> {
    const kept = this.kept;
    this.kept = null;
    // Loading a document loads the CPU in a burst: it waits for, and holds off, any trial being measured (core/quiet).
    if (kept) {
      const renewed = await busy(() => kept.renew()).then(
        () => true,
        () => false,
      );
      if (renewed) return kept;
      await kept.close().catch(() => {});
    }
    return busy(() => this.driver.newPage(this.url));
  }

  /** Keeps the page a test is done with, for the next test. */
  release(page: LabPage): void {
    this.kept = page;
  }

  /** Closes the kept page, if any. */
  async close(): Promise<void> {
    const kept = this.kept;
    this.kept = null;
    await kept?.close();
  }
}
