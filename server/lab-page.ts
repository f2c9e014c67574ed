import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const recorderSource = readFileSync(path.join(__dirname, '..', 'recorder', 'page.js'), 'utf8');
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
