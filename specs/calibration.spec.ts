import { median, roundMs } from '../core/stats';
import { cpuWatch } from '../core/cpu';
import { quietly } from '../core/quiet';
import type { Driver } from '../drivers/driver';
import type { Calibration } from '../findings/schema';
import { expect, test } from '../fixtures';
import { measureOffset } from '../runner/clock-sync';
import { sleep } from '../runner/steps';
import { STALL_MS } from '../runner/trial';

const PAIRS = 20;
// About a loopback trial's length: the span over which a trial's correction must hold.
const PAIR_GAP_MS = 50;
// Both clocks run off the one machine's monotonic clock, so what a correction leaves is the syncs' own error.
const RESIDUAL_MEDIAN_LIMIT_MS = 1;

// The harness's timing error, under the conditions of the trials it qualifies: each pair of syncs is taken
// quietly, a trial's length apart, with the page's event loop watched. The first sync's offset corrects the second
// reading; what is left (the residual) is the error a corrected trial carries from its clocks.
test('calibration:clock', async ({ labPage: _page, recorder, driver, server }, testInfo) => {
  // Its spans queue for the machine-wide quiet lock behind every other worker's.
  test.slow();
  const offsets: number[] = [];
  const residuals: number[] = [];
  const trips: number[] = [];
  const errors: number[] = [];
  const lags: number[] = [];
  const cpu = cpuWatch();
  for (let i = 0; i < PAIRS; i++) {
    await quietly(async () => {
      await recorder.lagStart('calibration', 5, STALL_MS);
      const first = await measureOffset(recorder, server);
      await sleep(PAIR_GAP_MS);
      const second = await measureOffset(recorder, server);
      lags.push(await recorder.lagStop('calibration'));
      offsets.push(first.offsetMs, second.offsetMs);
      trips.push(first.roundTripMs, second.roundTripMs);
      errors.push(first.errorMs, second.errorMs);
      residuals.push(Math.abs(second.offsetMs - first.offsetMs));
      // Each offset is right within its own error bound, so two of them differ by at most the sum.
      expect(Math.abs(second.offsetMs - first.offsetMs), `pair ${i}: the offsets disagree beyond their error bounds`).toBeLessThanOrEqual(first.errorMs + second.errorMs);
    });
  }
  const calibration: Calibration = {
    project: testInfo.project.name,
    browserVersion: (driver as Driver).info.browserVersion,
    clockOffsetMs: { median: roundMs(median(offsets)), maxAbs: roundMs(Math.max(...offsets.map(Math.abs))) },
    residualMs: { median: roundMs(median(residuals)), max: roundMs(Math.max(...residuals)) },
    roundTripMs: { median: roundMs(median(trips)), max: roundMs(Math.max(...trips)) },
    syncErrorMs: { median: roundMs(median(errors)), max: roundMs(Math.max(...errors)) },
    resolutionMs: roundMs(await recorder.resolution()),
    pageLagMs: { median: roundMs(median(lags)), max: roundMs(Math.max(...lags)) },
    machineBusy: cpu.busy() ?? 0,
  };
  await testInfo.attach('calibration', { body: JSON.stringify(calibration), contentType: 'application/json' });
  expect(calibration.residualMs.median, 'the clock correction leaves more than 1 ms (median)').toBeLessThanOrEqual(RESIDUAL_MEDIAN_LIMIT_MS);
});
