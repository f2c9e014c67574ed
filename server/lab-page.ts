import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

// The event-loop watch, the recorder and, on top of it, the page's own heartbeat (an application's code, not the recorder's).
const recorderSource = ['lag-watch.js', 'page.js', 'heartbeat.js'].map(f => readFileSync(path.join(__dirname, '..', 'recorder', f), 'utf8')).join('\n');
const labPage = '<!doctype html><meta charset="utf-8"><title>wslab</title><script src="/recorder.js"></script><p>wslab</p>';

/** Answers a plain HTTP request: the recorder at `/recorder.js`, the lab page (which loads it) at any other path. */
export function serveLabPage(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/recorder.js') {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(recorderSource);
  } else {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(labPage);
  }
}
