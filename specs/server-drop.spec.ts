import { expect, test } from '../fixtures';
import { serverFaultScenarios } from '../scenarios/catalog';
import { DELIVERY_ALLOWANCE_MS } from '../scenarios/timing';

// The server drops TCP without any close frame: a FIN (server-fin) or a reset (server-rst). An abnormal
// closure, code 1006 (RFC 6455 §7.1.5); whether `error` fires first is each engine's own, pinned per engine.
for (const scenario of serverFaultScenarios.filter(s => s.fault.kind === 'server-fin' || s.fault.kind === 'server-rst')) {
  test(scenario.id, async ({ measure }) => {
    const finding = await measure(scenario);
    expect(finding).toMatchRecordedFinding();
    expect({ code: finding.observed.closeCode, wasClean: finding.observed.wasClean }).toEqual({ code: 1006, wasClean: false });
    expect(finding.observed.msToClose?.max).toBeLessThanOrEqual(DELIVERY_ALLOWANCE_MS);
  });
}
