/**
 * The one way the suite runs a system tool (nft, ip, …): execFile with a timeout and optional stdin, failing with
 * an Error that says what ran, how it ended, the tail of what it said and what to do about it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { basename, delimiter, join } from 'node:path';

/** The Debian/Ubuntu package that provides each tool the suite runs, for the "not installed" hint. */
const packageOf: Readonly<Record<string, string>> = {
  nft: 'nftables',
  ip: 'iproute2',
  Xvfb: 'xvfb',
  WebKitWebDriver: 'webkit2gtk-driver',
  openssl: 'openssl',
  setpriv: 'util-linux',
  sysctl: 'procps',
  ss: 'iproute2',
};

// Every tool the suite runs answers in milliseconds unless something is wrong.
const defaultTimeoutMs = 10_000;

/** How a tool failed, for callers that tell one failure from another (e.g. "already gone" is no error). */
export interface ExecFailure {
  /** The command as a shell would show it, e.g. `nft delete table inet wslab_12`. */
  readonly commandLine: string;
  /** The exit status; null if it did not start or was killed. */
  readonly exitCode: number | null;
  /** The signal that ended it, if one did. */
  readonly signal: string | null;
  /** What it wrote to stderr (or the spawn error's message), trimmed. */
  readonly stderr: string;
  /** The program that could not be found: the command itself, or the one `ip netns exec` could not start. */
  readonly missing: string | null;
  /** The kernel refused for want of privilege. */
  readonly forbidden: boolean;
  /** Killed after the timeout. */
  readonly timedOut: boolean;
}

/** A failed tool run; its message is one actionable line, its `failure` the parts to classify on. */
export class ExecError extends Error {
  constructor(
    readonly failure: ExecFailure,
    hint: string,
  ) {
    super(`\`${failure.commandLine}\` failed (${outcome(failure)}${failure.stderr ? `: ${tail(failure.stderr)}` : ''}); ${hint}.`);
    this.name = 'ExecError';
  }
}

export interface ExecOptions {
  /** Written to the tool's stdin (e.g. an nft ruleset); stdin is closed either way. */
  stdin?: string;
  /** Default 10 s. */
  timeoutMs?: number;
  /**
   * A fix for failures the caller knows better than the generic hints (missing tool, no privilege, timeout):
   * return a sentence fragment, or undefined to fall back to them.
   */
  hint?: (failure: ExecFailure) => string | undefined;
}

/** Runs `command` with `args` (no shell) and resolves with its stdout; rejects with an {@link ExecError}. */
export function exec(command: string, args: readonly string[], options: ExecOptions = {}): Promise<string> {
  const timeout = options.timeoutMs ?? defaultTimeoutMs;
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const exitCode = typeof error.code === 'number' ? error.code : null;
      const errno = typeof error.code === 'string' ? error.code : undefined;
      const signal = error.signal ?? null;
      const failure = classify(command, args, { exitCode, signal, errno, stderr: stderr || error.message, timedOut: error.killed === true && signal !== null });
      reject(new ExecError(failure, hintFor(failure, timeout, options.hint)));
    });
    // A tool may exit before reading stdin (one that takes none, or a failure): its exit status tells, so the
    // broken pipe is no error of its own.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.stdin ?? '');
  });
}

/**
 * {@link exec} for where nothing can be awaited (exit teardown): blocks until the tool ends and returns its
 * stdout; throws an {@link ExecError}.
 */
export function execSync(command: string, args: readonly string[], options: Omit<ExecOptions, 'stdin'> = {}): string {
  const timeout = options.timeoutMs ?? defaultTimeoutMs;
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout });
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException & { status?: number | null; signal?: string | null; stderr?: string };
    const failure = classify(command, args, {
      exitCode: error.status ?? null,
      signal: error.signal ?? null,
      errno: error.code,
      stderr: error.stderr || error.message,
      timedOut: error.code === 'ETIMEDOUT',
    });
    throw new ExecError(failure, hintFor(failure, timeout, options.hint));
  }
}

/**
 * The absolute path of `command` as PATH finds it, the sbin directories included (where `ip` lives and a non-root
 * PATH may not look); `command` itself if it holds a `/` or is not found.
 */
export function findExecutable(command: string): string {
  if (command.includes('/')) return command;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // Not here.
    }
  }
  return command;
}

/**
 * The argv that runs one of the suite's plain-JavaScript `.ts` scripts (e.g. drivers/netns-relay.ts) with this
 * Node. Node 20 runs a `.ts` file as CommonJS, unless NODE_OPTIONS holds an --import or --loader, which switches
 * it to the ES module loader that refuses the extension, so the script runs without this process's NODE_OPTIONS.
 */
export function nodeScript(path: string): string[] {
  return [findExecutable('env'), '-u', 'NODE_OPTIONS', process.execPath, path];
}

function classify(command: string, args: readonly string[], how: { exitCode: number | null; signal: string | null; errno?: string; stderr: string; timedOut: boolean }): ExecFailure {
  const stderr = how.stderr.trim();
  // `ip netns exec <ns> <tool>` runs, but fails to start the tool: the tool is what is missing.
  const inner = /exec of "([^"]+)" failed: No such file or directory/.exec(stderr)?.[1];
  return {
    commandLine: [command, ...args].join(' '),
    exitCode: how.exitCode,
    signal: how.signal,
    stderr,
    missing: how.errno === 'ENOENT' ? basename(command) : inner ? basename(inner) : null,
    forbidden: how.errno === 'EACCES' || how.errno === 'EPERM' || /Operation not permitted|Permission denied/.test(stderr),
    timedOut: how.timedOut,
  };
}

function hintFor(failure: ExecFailure, timeoutMs: number, callerHint: ExecOptions['hint']): string {
  const known = callerHint?.(failure);
  if (known) return known;
  if (failure.missing) {
    const pkg = packageOf[failure.missing];
    return `${failure.missing} is not installed: ${pkg ? `apt-get install ${pkg}` : 'install it or fix PATH'}`;
  }
  if (failure.forbidden) return 'this needs root or CAP_NET_ADMIN: run the suite as root';
  if (failure.timedOut) return `it did not finish within ${timeoutMs} ms; run it by hand to see where it hangs`;
  return 'run it by hand to see more';
}

function outcome(failure: ExecFailure): string {
  if (failure.timedOut) return 'timed out';
  if (failure.exitCode !== null) return `exit ${failure.exitCode}`;
  if (failure.signal !== null) return `ended by ${failure.signal}`;
  return failure.missing ? 'not found' : 'did not run';
}

/** The last few lines of a tool's stderr on one line. */
function tail(stderr: string): string {
  return stderr.split('\n').slice(-6).map(line => line.trim()).filter(Boolean).join(' | ').slice(-600);
}
