/**
 * The one registry of exit teardowns: what must be undone (nft tables, namespaces, browser process groups) when this
 * process ends by exit, Ctrl-C, SIGTERM or another fatal signal.
 *
 * Built on signal-exit (v4, which Playwright bundles too and shares one emitter with): its contract is the one this
 * suite needs. Callbacks run synchronously on 'exit' and on a fatal signal (SIGINT, SIGTERM, SIGHUP, …); on a signal
 * it acts only when no other listener is there to decide whether the process ends (Playwright's worker has one for
 * SIGINT; if it ends the process, 'exit' runs the teardowns then), and after the teardowns it re-raises the signal
 * so the process ends as it would have without it.
 */
import { onExit } from 'signal-exit';

// A Set: registering the same teardown again (every cut, every namespace) is a no-op, so callers need no flag.
const teardowns = new Set<() => void>();
let installed = false;

/**
 * Runs `teardown` when the process ends (see the module comment), latest registered first. It must be synchronous:
 * nothing can be awaited then. Registering one function more than once runs it once.
 */
export function onProcessExit(teardown: () => void): void {
  teardowns.add(teardown);
  if (installed) return;
  installed = true;
  onExit(runTeardowns);
}

function runTeardowns(): void {
  const latestFirst = [...teardowns].reverse();
  teardowns.clear();
  for (const teardown of latestFirst) {
    try {
      teardown();
    } catch {
      // Nothing to report to at exit; the next run's sweep removes what is left once this pid is gone.
    }
  }
}
