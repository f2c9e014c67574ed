import type { Profile } from './profile';
import { defineScenario, HandshakeCase, ProxyName, type Scenario } from './schema';

// Faults delivered over loopback reach the page in milliseconds; 2 s is a hundred times the bound they are held to.
// Five independent trials per scenario and engine, each measured quietly, give the median an interval of two
// order statistics (min–max, 94 % coverage).
const prompt = { windowMs: 2_000, trials: 5, quiet: true };

/** The server ends the connection: by handshake with each class of code, or by dropping TCP. */
export const serverFaultScenarios: Scenario[] = [
  ...[1000, 1001, 1011, 3000, 4001, 4999].map(code =>
    defineScenario({ id: `server-close:${code}`, fault: { kind: 'server-close', code }, ...prompt }),
  ),
  defineScenario({ id: 'server-close:no-status', fault: { kind: 'server-close' }, ...prompt }),
  defineScenario({
    id: 'server-close:reason-123-bytes',
    // 123 bytes is the most a close frame can carry after its 2-byte code (control frames are ≤125 bytes).
    fault: { kind: 'server-close', code: 4000, reason: 'r'.repeat(123) },
    ...prompt,
  }),
  defineScenario({ id: 'server-fin', fault: { kind: 'server-fin' }, ...prompt }),
  defineScenario({ id: 'server-rst', fault: { kind: 'server-rst' }, ...prompt }),
];

/**
 * The standard's seven situations a page must not tell apart. Their timings are the side channel under study:
 * quick takes 5 trials per case (enough for a median and its interval), full 30 (enough to rank cases apart).
 */
export function handshakeScenarios(profile: Profile): Scenario[] {
  return HandshakeCase.options.map(c =>
    defineScenario({ id: `handshake-fail:${c}`, fault: { kind: 'handshake-fail', case: c }, windowMs: 10_000, trials: profile === 'full' ? 30 : 5, quiet: true }),
  );
}

/**
 * The same failure again and again from one page to one endpoint: do later attempts take longer (the browser
 * backing off, RFC 6455 §7.2.3)? The window, per attempt, allows for Firefox's longest backoff (60 s).
 * Quick makes 10 attempts: Firefox's growth is plain by then (its 10 take ~26 s, where 16 take ~4.5 min).
 * Full makes 16, enough for Chromium's throttle, which only starts after about ten failures, to show clearly.
 */
export function backoffScenarios(profile: Profile): Scenario[] {
  return [
    defineScenario({
      id: 'reconnect-backoff:refused',
      fault: { kind: 'handshake-fail', case: 'refused', attempts: 'same' },
      windowMs: 70_000,
      trials: profile === 'full' ? 16 : 10,
      quiet: false,
    }),
  ];
}

const validWireCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999];
// Codes a buggy server might send: unused (0–999), reserved never-on-the-wire (1004–1006, 1015), undefined.
const invalidWireCodes = [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000];

/** Close frames as a server may put them on the wire, valid or not, and what the page reports for each. */
export const wireCloseScenarios: Scenario[] = [
  ...[...validWireCodes, ...invalidWireCodes].map(code =>
    defineScenario({ id: `wire-close:${code}`, fault: { kind: 'wire-close', code }, ...prompt }),
  ),
  defineScenario({ id: 'wire-close:empty', fault: { kind: 'wire-close', code: null }, ...prompt }),
  // 2 + 123 = 125 bytes, the control-frame maximum; one more byte is over it.
  defineScenario({ id: 'wire-close:reason-123-bytes', fault: { kind: 'wire-close', code: 4000, reason: 'r'.repeat(123) }, ...prompt }),
  defineScenario({ id: 'wire-close:reason-124-bytes', fault: { kind: 'wire-close', code: 4000, reason: 'r'.repeat(124) }, ...prompt }),
  defineScenario({ id: 'wire-close:reason-invalid-utf8', fault: { kind: 'wire-close', code: 4000, reason: 'bad', invalidUtf8: true }, ...prompt }),
];

/**
 * The page closes: which close() calls throw, and what the server receives for the rest. A close() that throws
 * leaves the socket open, so nothing follows within the window; one that does not throw finishes its closing
 * handshake within the delivery allowance, which the window must outlast (a 2 s window was once outrun on a
 * saturated machine).
 */
export const clientCloseScenarios: Scenario[] = [
  defineScenario({ id: 'client-close:no-code', fault: { kind: 'client-close' }, ...prompt }),
  ...[1000, 1001, 1005, 999, 2999, 3000, 4999, 5000].map(code =>
    defineScenario({ id: `client-close:${code}`, fault: { kind: 'client-close', code }, ...prompt }),
  ),
  defineScenario({ id: 'client-close:reason-123-bytes', fault: { kind: 'client-close', code: 1000, reason: 'r'.repeat(123) }, ...prompt }),
  defineScenario({ id: 'client-close:reason-124-bytes', fault: { kind: 'client-close', code: 1000, reason: 'r'.repeat(124) }, ...prompt }),
  // 41 × "€" (3 bytes each) = 123 bytes but only 41 UTF-16 units: the limit is on bytes, not characters.
  defineScenario({ id: 'client-close:reason-123-bytes-multibyte', fault: { kind: 'client-close', code: 1000, reason: '€'.repeat(41) }, ...prompt }),
  defineScenario({ id: 'client-close:reason-lone-surrogate', fault: { kind: 'client-close', code: 1000, reason: '\uD800' }, ...prompt }),
  ...(['navigate', 'reload', 'close-tab'] as const).map(how =>
    defineScenario({ id: `page-gone:${how}`, fault: { kind: 'page-gone', how }, ...prompt }),
  ),
];

// A frozen server is stopped this long; a restarted one is down this long while the page retries at a fixed delay
// that does not divide it, so no attempt lands on the very moment the port opens again.
// 5.2 s at one send per 500 ms: ten sends, with 200 ms between the last one and the SIGCONT (never a race).
const FREEZE_MS = 5_200;
const RESTART_DOWN_MS = 1_000;
const RESTART_RETRY_MS = 300;

/**
 * The server as an OS process of its own: killed, terminated, frozen, restarted. Kills and terminations act over
 * loopback in milliseconds (quiet, 5 trials); a freeze is watched for seconds; a restart's kill is quiet as a kill.
 */
export const serverProcessScenarios: Scenario[] = [
  ...(['kill', 'kill-unread', 'term-graceful', 'term-bare'] as const).map(act =>
    defineScenario({ id: `server-process:${act}`, fault: { kind: 'server-process', act }, ...prompt }),
  ),
  ...(['idle', 'sending'] as const).map(traffic =>
    defineScenario({
      id: `server-process:freeze${traffic === 'idle' ? '' : ':sending'}`,
      fault: { kind: 'server-process', act: 'freeze', traffic, downMs: FREEZE_MS },
      windowMs: 2_000,
      trials: 3,
      quiet: false,
    }),
  ),
  defineScenario({
    id: 'server-process:restart',
    fault: { kind: 'server-process', act: 'restart', downMs: RESTART_DOWN_MS, retryMs: RESTART_RETRY_MS },
    windowMs: 10_000,
    trials: 3,
    quiet: true,
  }),
];

/**
 * The proxies' idle timeouts. Quick: a few seconds, long enough to tell from a loopback close. Full: what a stock
 * install gives a WebSocket. nginx: `proxy_read_timeout` defaults to 60 s
 * (https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout). HAProxy has no default; its manual's
 * example sets `timeout tunnel 1h`, but the config Debian's package ships (/etc/haproxy/haproxy.cfg) sets no tunnel
 * timeout and `timeout client`/`timeout server` 50 s, which then time an idle tunnel (configuration.txt, "timeout
 * tunnel": it supersedes them only where it is set): 50 s, the one a WebSocket behind a packaged HAProxy meets.
 */
export const proxyIdleMs: Record<Profile, Record<ProxyName, number>> = { quick: { nginx: 3_000, haproxy: 3_000 }, full: { nginx: 60_000, haproxy: 50_000 } };
// The page's send interval that keeps a tunnel alive: a third of the quick timeout, a sixth of nginx's default.
const proxyKeepAliveMs: Record<Profile, number> = { quick: 1_000, full: 10_000 };
// A timeout that never fires within a quick window, for the acts that are not about it.
const PROXY_IDLE_OUT_OF_THE_WAY_MS = 60_000;
// A reload's deadline for the old process, where one is set.
const PROXY_SHUTDOWN_MS = 2_000;

/** How long a proxy scenario is watched: half a second past a whole number of keep-alive periods, so never on a send. */
function proxyWindowMs(profile: Profile, idleMs: number): number {
  // Quick: three timeouts. Full: the timeout and two more keep-alive periods, enough to see it fire (or not).
  return profile === 'quick' ? 3 * idleMs + 500 : idleMs + 2 * proxyKeepAliveMs.full + 500;
}

/**
 * Real reverse proxies (nginx, HAProxy) between the page and a server process: their idle timeout, kept alive or
 * not, a reload with the socket open (without and with a deadline for the old process), a killed proxy, a killed
 * or unreachable server behind it. Full runs the timeouts at their stock values, and watches a reload without a
 * deadline and a dead path behind the proxy until past them.
 */
export function proxyScenarios(profile: Profile): Scenario[] {
  return ProxyName.options.flatMap(proxy => {
    const idleTimeoutMs = proxyIdleMs[profile][proxy];
    // Acts that are not about the timeout keep it out of a quick window; full meets it as deployed.
    const otherIdleMs = profile === 'quick' ? PROXY_IDLE_OUT_OF_THE_WAY_MS : idleTimeoutMs;
    const base = { kind: 'proxy' as const, proxy, idleTimeoutMs };
    const watch = { windowMs: proxyWindowMs(profile, idleTimeoutMs), trials: 3, quiet: false };
    return [
      defineScenario({ id: `proxy:${proxy}:idle-timeout`, fault: { ...base, act: 'idle-timeout' }, ...watch }),
      defineScenario({ id: `proxy:${proxy}:idle-timeout-kept-alive`, fault: { ...base, act: 'idle-timeout-kept-alive', keepAliveMs: proxyKeepAliveMs[profile] }, ...watch }),
      defineScenario({ id: `proxy:${proxy}:reload`, fault: { ...base, act: 'reload', idleTimeoutMs: otherIdleMs }, ...watch }),
      defineScenario({
        id: `proxy:${proxy}:reload-with-deadline`,
        fault: { ...base, act: 'reload', idleTimeoutMs: otherIdleMs, shutdownTimeoutMs: PROXY_SHUTDOWN_MS },
        ...watch,
      }),
      defineScenario({ id: `proxy:${proxy}:proxy-kill`, fault: { ...base, act: 'proxy-kill' }, ...prompt }),
      defineScenario({ id: `proxy:${proxy}:upstream-kill`, fault: { ...base, act: 'upstream-kill' }, ...prompt }),
      defineScenario({ id: `proxy:${proxy}:upstream-blackhole`, fault: { ...base, act: 'upstream-blackhole', idleTimeoutMs: otherIdleMs }, ...watch }),
    ];
  });
}
