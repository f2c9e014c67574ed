import { AsyncResource } from 'node:async_hooks';
import { busy } from '../core/quiet';
import type { Driver, LabPage } from './driver';

/**
 * Fresh lab pages without the wait: opening one (a browser context, often a renderer process, and the page load)
 * costs hundreds of milliseconds, so the pool opens the next test's page in the background while the current test
 * waits out its window, and closes a finished test's page in the background too. Every page is still fresh and
 * isolated; none is handed out twice.
 */
export class PagePool {
  private spare: Promise<LabPage> | null = null;
  /**
   * The worker's async context, captured when the pool is made: a spare opened in the background belongs to no test,
   * so its navigation is not reported as a step of whichever test happened to be running (and cut off when it ended).
   */
  private readonly workerScope = new AsyncResource('wslab-page-pool');
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly driver: Driver,
    private readonly url: string,
  ) {}

  /** The spare page if one is ready or on its way, else a new one. */
  take(): Promise<LabPage> {
    const page = this.spare ?? this.open();
    this.spare = null;
    return page;
  }

  /** Starts opening a spare page, unless one is already on its way. */
  refill(): void {
    if (this.spare) return;
    this.spare = this.workerScope.runInAsyncScope(() => this.open());
    // A failed spare is reported by the take() that gets it, not as an unhandled rejection now.
    this.spare.catch(() => {});
  }

  /** Closes a page the test is done with, without waiting for it. */
  release(page: LabPage): void {
    const closed = this.workerScope.runInAsyncScope(() => busy(() => page.close())).catch(() => {}).finally(() => this.closing.delete(closed));
    this.closing.add(closed);
  }

  // Opening a page loads the CPU in a burst: it waits for, and holds off, any trial being measured (runner/quiet).
  private open(): Promise<LabPage> {
    return busy(() => this.driver.newPage(this.url));
  }

  /** Closes the spare, if any, and waits for every released page to be closed. */
  async close(): Promise<void> {
    const spare = this.spare;
    this.spare = null;
    await (await spare?.catch(() => null))?.close();
    await Promise.all(this.closing);
  }
}
