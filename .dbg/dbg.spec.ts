import { test } from '@playwright/test';
import { LabServer } from '/work/main/server/lab-server';
import WebSocket from 'ws';
test('raw', async () => {
  const s = await LabServer.start();
  const ws = new WebSocket(s.wsUrl('/raw', 'x'));
  await new Promise<void>(r => { ws.on('open', () => { console.log('open'); r(); }); ws.on('error', e => { console.log('err', e.message); r(); }); ws.on('unexpected-response', (_q, res) => { console.log('unexpected', res.statusCode); r(); }); });
  await s.close();
});
