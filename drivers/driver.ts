import type { SocketClosed } from './network-log';

/**
 * The one interface every browser driver implements. Specs never see which driver runs them:
 * fixtures hand them a {@link LabPage}, and a capability a driver lacks becomes a skip with a reason.
 */
import { z } from 'zod';

/** Something a driver may or may not be able to do. */
export type Capability = 'offline-emulation';

/** What the run prints and the findings record about the browser behind a project (findings/schema embeds it). */
export const BrowserInfo = z.object({
  engine: z.enum(['chromium', 'firefox', 'webkit']),
  /** How it is driven, e.g. `playwright`, `playwright-bidi`, `webdriver`. */
  driver: z.string(),
  /** Where the browser came from: Playwright's own download or the distribution's package. */
  source: z.enum(['playwright', 'distribution']),
  browserVersion: z.string(),
  executable: z.string(),
});
export type BrowserInfo = z.infer<typeof BrowserInfo>;

/** A tab with the lab page loaded; everything a spec may do to it. */
export interface LabPage {
  /** Evaluates a JavaScript expression in the page; a returned promise is awaited. The result must be JSON. */
  evaluate(expression: string): Promise<unknown>;
  /** Whether the page's calls run one at a time (WebDriver: one queue per session), so a long one holds up the others. */
  readonly queuesCalls?: boolean;
  /** Cuts (true) or restores (false) the network by browser emulation; only with `offline-emulation`. */
  setOffline(offline: boolean): Promise<void>;
  /**
   * When the browser's own network layer saw each socket end, on Node's clock, where the engine's protocol reports
   * it (Chromium's DevTools); absent elsewhere.
   */
  socketCloses?(): SocketClosed[];
  /** Loads a fresh document of the lab page in place (the old one's sockets close with it) and restores the network. */
  renew(): Promise<void>;
  close(): Promise<void>;
}

/** A launched browser, one per worker. */
export interface Driver {
  readonly info: BrowserInfo;
  readonly capabilities: ReadonlySet<Capability>;
  /** Opens a fresh isolated page (own context/session) at `url`. */
  newPage(url: string): Promise<LabPage>;
  close(): Promise<void>;
}
