import { expect, test } from '../fixtures';
import { serverFaultScenarios } from '../scenarios/catalog';
import { DELIVERY_ALLOWANCE_MS } from '../scenarios/timing';

// The server starts the closing handshake. The standard is explicit here: the page sees the server's code and
// reason (1005 when the frame had no status) and wasClean=true (RFC 6455 §7.1.5, §7.1.6, §7.4.1).
for (const scenario of serverFaultScenarios) {
  const fault = scenario.fault;
  if (fault.kind !== 'server-close') continue;
  test(scenario.id, async ({ measure }) => {
    const finding = await measure(scenario);
    expect(finding).toMatchRecordedFinding();
    const { closeCode, closeReason, wasClean, msToClose } = finding.observed;
    expect({ closeCode, closeReason, wasClean }).toEqual({ closeCode: fault.code ?? 1005, closeReason: fault.reason ?? '', wasClean: true });
    expect(msToClose?.max).toBeLessThanOrEqual(DELIVERY_ALLOWANCE_MS);
  });
}
