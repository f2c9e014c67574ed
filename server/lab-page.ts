import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

// The event-loop watch, the recorder and, on top of it, the page's own heartbeat (an application's code, not the recorder's).
const recorderSource = ['lag-watch.js', 'page.js', 'heartbeat.js'].map(f => readFileSync(path.join(__dirname, '..', 'recorder', f), 'utf8')).join('\n');
const labPage = '<!doctype html><meta charset="utf-8"><title>wslab</title><script src="/recorder.js"></script><p>wslab</p>';

/**
 * Cross-origin isolation: engines coarsen an isolated page's clock less, and its resolution is a term of every page
 * time's uncertainty and of the clock sync's error. Measured (calibration): resolution 1 ms → under 0.05 ms in Firefox
 * ESR 153 and WebKitGTK 2.50, 0.1 → under 0.05 ms in Chromium 156; sync error median 1.3 → 0.3 ms (Firefox), 1.2 → 0.3
 * ms (WebKitGTK). Only a secure context is isolated (http://127.0.0.1 is one; a lab namespace's 169.254.x.x is not, and
 * keeps the coarse clock, which each trial records). WebSockets are not subresources: the page still reaches them all.
 */
const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Answers a plain HTTP request: the recorder at `/recorder.js`, the lab page (which loads it) at any other path. */
export function serveLabPage(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/recorder.js') {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store', ...isolated });
    res.end(recorderSource);
  } else {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...isolated });
    res.end(labPage);
  }
}
