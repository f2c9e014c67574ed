import { expect, test } from '../fixtures';
import { serverFaultScenarios } from '../scenarios/catalog';
import { DELIVERY_ALLOWANCE_MS } from '../scenarios/timing';

const scenario = serverFaultScenarios.find(s => s.id === 'server-rst')!;

// The server resets the TCP connection (RST): an abnormal closure, code 1006 (RFC 6455 §7.1.5).
test(scenario.id, async ({ measure }) => {
  const finding = await measure(scenario);
  expect(finding).toMatchRecordedFinding();
  expect({ code: finding.observed.closeCode, wasClean: finding.observed.wasClean }).toEqual({ code: 1006, wasClean: false });
  expect(finding.observed.msToClose?.max).toBeLessThanOrEqual(DELIVERY_ALLOWANCE_MS);
});
