/**
 * A small W3C WebDriver client: the commands the WebKitGTK driver uses, each response parsed with zod.
 * Hand-rolled over node:http: selenium-webdriver's JS package has no WebKitGTK module, and fetch's 300 s header
 * timeout would cut long execute/async calls.
 */
import { Agent, request } from 'node:http';
import { z } from 'zod';

type HttpMethod = 'GET' | 'POST' | 'DELETE';

// Every response wraps its result in `value`; an error's value says which error (a W3C error code) and why.
const Envelope = z.object({ value: z.unknown() });
const ErrorValue = z.object({ error: z.string(), message: z.string().optional() });
const Status = z.object({ ready: z.boolean() });
const NewSession = z.object({ sessionId: z.string(), capabilities: z.object({ browserVersion: z.string().optional() }) });
const Handle = z.string();
const NewWindow = z.object({ handle: z.string() });
const Handles = z.array(z.string());
const Url = z.string();
const Done = z.null();

/** One WebDriver server on 127.0.0.1:`port`, over one keep-alive connection pool. */
export class WebDriverClient {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly port: number) {}

  /**
   * Sends a command and returns its `value` as `result` parses it; rejects with the WebDriver error, or if the
   * answer is not what `result` says. No timeout unless given: execute/async may legitimately wait for minutes.
   */
  async send<T>(method: HttpMethod, path: string, result: z.ZodType<T>, body?: object, timeoutMs?: number): Promise<T> {
    const { status, text } = await this.http(method, path, body, timeoutMs);
    const what = `WebDriver ${method} ${path}`;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${what}: HTTP ${status}, not JSON: ${text.slice(0, 200)}`);
    }
    const envelope = Envelope.safeParse(json);
    if (!envelope.success) throw new Error(`${what}: HTTP ${status}, no value in ${text.slice(0, 200)}`);
    if (status >= 400) {
      const error = ErrorValue.safeParse(envelope.data.value);
      throw new Error(`${what}: ${error.success ? error.data.error : `HTTP ${status}`}: ${(error.success && error.data.message) || ''}`);
    }
    const parsed = result.safeParse(envelope.data.value);
    if (!parsed.success) throw new Error(`${what}: unexpected answer ${JSON.stringify(envelope.data.value).slice(0, 200)}: ${parsed.error.message}`);
    return parsed.data;
  }

  /** Whether the server is ready for a new session (GET /status); rejects if it does not answer. */
  async ready(timeoutMs: number): Promise<boolean> {
    return (await this.send('GET', '/status', Status, undefined, timeoutMs)).ready;
  }

  /** Starts a session with the given `alwaysMatch` capabilities. */
  async newSession(alwaysMatch: object, timeoutMs: number): Promise<WebDriverSession> {
    const { sessionId, capabilities } = await this.send('POST', '/session', NewSession, { capabilities: { alwaysMatch } }, timeoutMs);
    return new WebDriverSession(this, sessionId, capabilities.browserVersion ?? 'unknown');
  }

  private http(method: HttpMethod, path: string, body: object | undefined, timeoutMs: number | undefined): Promise<{ status: number; text: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers }, res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 500, text }));
      });
      req.on('error', reject);
      if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(new Error(`WebDriver ${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.end(payload);
    });
  }
}

/** One WebDriver session: the window and script commands, each returning what the W3C spec says it returns. */
export class WebDriverSession {
  private readonly base: string;

  constructor(
    private readonly client: WebDriverClient,
    readonly id: string,
    /** As the session's capabilities report it; `unknown` if they do not. */
    readonly browserVersion: string,
  ) {
    this.base = `/session/${id}`;
  }

  /** The current window's handle. */
  windowHandle(): Promise<string> {
    return this.client.send('GET', `${this.base}/window`, Handle);
  }

  /** Opens a new tab (it does not become current) and returns its handle. */
  async newTab(): Promise<string> {
    return (await this.client.send('POST', `${this.base}/window/new`, NewWindow, { type: 'tab' })).handle;
  }

  async switchToWindow(handle: string): Promise<void> {
    await this.client.send('POST', `${this.base}/window`, Done, { handle });
  }

  /** Closes the current window; returns the handles left open. */
  closeWindow(): Promise<string[]> {
    return this.client.send('DELETE', `${this.base}/window`, Handles);
  }

  async navigate(url: string): Promise<void> {
    await this.client.send('POST', `${this.base}/url`, Done, { url });
  }

  currentUrl(): Promise<string> {
    return this.client.send('GET', `${this.base}/url`, Url);
  }

  /** Runs `script` with `args` and a completion callback as its last argument; resolves with what it passes, parsed by `result`. */
  executeAsync<T>(script: string, args: unknown[], result: z.ZodType<T>): Promise<T> {
    return this.client.send('POST', `${this.base}/execute/async`, result, { script, args });
  }

  /** Ends the session, which closes the browser. */
  async delete(timeoutMs?: number): Promise<void> {
    await this.client.send('DELETE', this.base, Done, undefined, timeoutMs);
  }
}
