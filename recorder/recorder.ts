import { z } from 'zod';
import { LagRecord, parseFromPage, RecordedEvent, RecordedEvents } from './schema';

/** What the recorder needs of a page: evaluating an expression in it (drivers/ give every page this). */
interface Evaluates {
  evaluate(expression: string): Promise<unknown>;
  readonly queuesCalls?: boolean;
}

/**
 * Where a page's calls queue (WebKitWebDriver), a wait is made of calls this long, so another trial's call in the same
 * page gets through between two of them instead of after the whole wait: a queued call once held a trial's fault
 * until another trial's pong, and queued waits timed out the full profile's long windows.
 */
const WAIT_SLICE_MS = 250;

/** The Node side of the in-page recorder: typed calls into `window.__wslab` on any driver's page. */
export class Recorder {
  private resolutionMs: Promise<number> | undefined;
  private syncOpened: Promise<void> | undefined;
  /** Names this page's clock-sync socket on the server. */
  readonly syncTag = `sync-${Math.random().toString(36).slice(2, 10)}`;

  constructor(private readonly page: Evaluates) {}

  private call(method: string, ...args: unknown[]): Promise<unknown> {
    const list = args.map(a => (a === undefined ? 'undefined' : JSON.stringify(a))).join(', ');
    return this.page.evaluate(`window.__wslab.${method}(${list})`);
  }

  /** `new WebSocket(url, protocols)`; returns the construction record (or the exception it threw). */
  async open(tag: string, url: string, protocols?: string[]): Promise<RecordedEvent> {
    return parseFromPage(RecordedEvent, await this.call('open', tag, url, protocols), 'open record');
  }

  /** `send(data)`, recording what it returned or threw and the buffer before/after. */
  async send(tag: string, data: string): Promise<RecordedEvent> {
    return parseFromPage(RecordedEvent, await this.call('send', tag, data), 'send record');
  }

  /** Starts sending `<prefix>-N` every `intervalMs` from the page's own timer. */
  async sendEvery(tag: string, intervalMs: number, prefix: string): Promise<void> {
    await this.call('sendEvery', tag, intervalMs, prefix);
  }

  async stopSending(tag: string): Promise<void> {
    await this.call('stopSending', tag);
  }

  /** One message of `bytes` bytes at once; recorded as `fill-<bytes>`. */
  async sendFill(tag: string, bytes: number): Promise<RecordedEvent> {
    return parseFromPage(RecordedEvent, await this.call('sendFill', tag, bytes), 'send record');
  }

  /** Starts the page's heartbeat on the tagged socket (./heartbeat.js): a ping every `intervalMs`, dead after `timeoutMs` without its pong. */
  async heartbeat(tag: string, intervalMs: number, timeoutMs: number): Promise<void> {
    await this.call('heartbeat', tag, intervalMs, timeoutMs);
  }

  /**
   * Once the tagged socket closes (`after` = 'close') or its heartbeat gave up on it ('heartbeat-dead'), reconnects to
   * `url` every `retryMs` until an echo comes back (under `<tag>~retry`).
   */
  async reconnect(tag: string, url: string, retryMs: number, after: 'close' | 'heartbeat-dead' = 'close'): Promise<void> {
    await this.call('reconnect', tag, url, retryMs, after);
  }

  /** Waits until a message arrived on the tagged socket; false when the window passed first. */
  waitMessage(tag: string, windowMs: number): Promise<boolean> {
    return this.wait(ms => this.call('waitMessage', tag, ms), windowMs);
  }

  /** `close(code, reason)`; returns the record of the call, with the exception's name if it threw. */
  async close(tag: string, code?: number, reason?: string): Promise<RecordedEvent> {
    return parseFromPage(RecordedEvent, await this.call('close', tag, code, reason), 'close() record');
  }

  /** Leaves the page on its next turn (so this call returns first): to another URL, or by reloading. */
  async leave(how: 'navigate' | 'reload'): Promise<void> {
    await this.page.evaluate(how === 'reload' ? 'void setTimeout(() => location.reload())' : "void setTimeout(() => { location.href = '/?left' })");
  }

  /** Opens a socket per tag and waits for them all in one call to the page; returns the tags that did not open within the timeout. */
  async openAll(entries: { tag: string; url: string }[], timeoutMs: number): Promise<string[]> {
    return parseFromPage(z.array(z.string()), await this.call('openAll', entries, timeoutMs), 'tags not open');
  }

  /** Waits until every socket closed; false when the window passed first — a result, not an error. */
  waitClosed(tags: string[], windowMs: number): Promise<boolean> {
    return this.wait(ms => this.call('waitClosed', tags, ms), windowMs);
  }

  /** Runs the page's wait for a state (true once it holds) over `windowMs`, in slices where the page's calls queue. */
  private async wait(waitFor: (ms: number) => Promise<unknown>, windowMs: number): Promise<boolean> {
    const until = Date.now() + windowMs;
    for (;;) {
      const left = Math.max(0, until - Date.now());
      const slice = this.page.queuesCalls ? Math.min(left, WAIT_SLICE_MS) : left;
      if (parseFromPage(z.boolean(), await waitFor(slice), 'wait outcome')) return true;
      if (slice === left) return false;
    }
  }

  /** The page's clock, now: epoch ms as the page computes it. */
  async now(): Promise<number> {
    return parseFromPage(z.number(), await this.call('now'), 'page clock reading');
  }

  /** The smallest step the page's clock takes (ms), measured once per page. */
  resolution(): Promise<number> {
    this.resolutionMs ??= this.call('resolution').then(r => parseFromPage(z.number(), r, 'clock resolution'));
    return this.resolutionMs;
  }

  /** Opens the page's clock-sync socket to `url` (the lab server's `/sync`), once per page. */
  syncOpen(url: string): Promise<void> {
    this.syncOpened ??= this.call('syncOpen', url).then(() => undefined);
    return this.syncOpened;
  }

  /** `document.visibilityState`: engines throttle a hidden page's timers, which the findings must state. */
  async visibility(): Promise<string> {
    return parseFromPage(z.string(), await this.call('visibility'), 'visibility state');
  }

  /**
   * Starts watching the page's event loop for `key` (a trial's tag: trials may share a page) with a timer every
   * `periodMs`, keeping each tick later than `stallMs`.
   */
  async lagStart(key: string, periodMs: number, stallMs: number): Promise<void> {
    await this.call('lagStart', key, periodMs, stallMs);
  }

  /** Stops `key`'s watch and returns the largest delay the page's event loop had while watched (ms). */
  async lagStop(key: string): Promise<number> {
    return parseFromPage(z.number(), await this.call('lagStop', key), 'event-loop delay');
  }

  /** Ends a trial: the record of its event-loop watch (null if none ran) and the trial's events (and page-wide ones). */
  async finish(tag: string): Promise<{ watch: LagRecord | null; events: RecordedEvent[] }> {
    return parseFromPage(z.object({ watch: LagRecord.nullable(), events: RecordedEvents }), await this.call('finish', tag), 'trial record');
  }

  async events(): Promise<RecordedEvent[]> {
    return parseFromPage(RecordedEvents, await this.call('events'), 'event log');
  }
}
