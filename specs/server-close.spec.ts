import { expect, scenarioDetails, test } from '../fixtures';
import { serverFaultScenarios } from '../scenarios/catalog';

// The server starts the closing handshake. The standard is explicit here: the page sees the server's code and
// reason (1005 when the frame had no status) and wasClean=true (RFC 6455 §7.1.5, §7.1.6, §7.4.1). Over loopback
// the frame arrives at once: the close is bounded by the jitter allowance alone.
for (const scenario of serverFaultScenarios) {
  const fault = scenario.fault;
  if (fault.kind !== 'server-close') continue;
  test(scenario.id, scenarioDetails(scenario), async ({ measure }) => {
    const finding = await measure(scenario);
    expect(finding).toMatchRecordedFinding();
    const closes = finding.trials.map(({ closeCode, closeReason, wasClean }) => ({ closeCode, closeReason, wasClean }));
    expect(closes).toEqual(closes.map(() => ({ closeCode: fault.code ?? 1005, closeReason: fault.reason ?? '', wasClean: true })));
    expect(finding).toCloseWithinItsAllowance();
  });
}
