import { expect, test } from '../fixtures';
import { epochNow } from '../recorder/clock';
import type { Calibration } from '../findings/schema';
import type { Driver } from '../drivers/driver';

const ROUND_TRIPS = 30;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (ms: number) => Math.round(ms * 100) / 100;

// Every time in the findings is a page timestamp minus a Node timestamp. Both read the system clock, so the
// page's reading must fall within the round trip that fetched it, give or take the rounding of its two terms
// (timeOrigin and now()), each up to the page clock's resolution.
test('calibration:clock', async ({ labPage, driver }, testInfo) => {
  const resolutionMs = (await labPage.evaluate(
    '(() => { let min = Infinity, last = __wslab.now(); for (let i = 0; i < 1e6 && (min === Infinity || i < 1e4); i++) { const t = __wslab.now(); if (t > last) { min = Math.min(min, t - last); last = t; } } return min; })()',
  )) as number;
  const offsets: number[] = [];
  const trips: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const before = epochNow();
    const page = (await labPage.evaluate('__wslab.now()')) as number;
    const after = epochNow();
    trips.push(after - before);
    offsets.push(page - (before + after) / 2);
    expect(Math.abs(page - (before + after) / 2), `sample ${i}: the page clock is outside its round trip`).toBeLessThanOrEqual((after - before) / 2 + 2 * resolutionMs);
  }
  const calibration: Calibration = {
    project: testInfo.project.name,
    browserVersion: (driver as Driver).info.browserVersion,
    clockOffsetMs: { median: round(median(offsets)), maxAbs: round(Math.max(...offsets.map(Math.abs))) },
    roundTripMs: { median: round(median(trips)) },
    resolutionMs: round(resolutionMs),
  };
  await testInfo.attach('calibration', { body: JSON.stringify(calibration), contentType: 'application/json' });
});
