import { expect, test } from '../fixtures';
import { handshakeScenarios } from '../scenarios/catalog';
import { DELIVERY_ALLOWANCE_MS } from '../scenarios/timing';

// The opening handshake fails in each of the standard's seven ways. The standard requires the page to see the
// same thing every time (close 1006, empty reason, not clean); departures are annotated as deviations.
for (const scenario of handshakeScenarios) {
  const which = scenario.fault.kind === 'handshake-fail' ? scenario.fault.case : null;
  test(scenario.id, async ({ measure, measureInNamespace }) => {
    // A name that resolves nowhere and an address nobody holds exist only where nothing leaves the machine.
    const finding = which === 'dns' || which === 'unroutable' ? await measureInNamespace(scenario) : await measure(scenario);
    expect(finding).toMatchRecordedFinding();
    expect(finding.observed.msToClose?.max).toBeLessThanOrEqual(DELIVERY_ALLOWANCE_MS);
  });
}
