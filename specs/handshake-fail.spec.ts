import { expect, test } from '../fixtures';
import { handshakeScenarios } from '../scenarios/catalog';
import { DELIVERY_ALLOWANCE_MS } from '../scenarios/timing';

// The opening handshake fails: the page must see close 1006, not clean, and no way to tell why
// (WHATWG WebSockets, "fail the WebSocket connection"; RFC 6455 §7.1.7).
for (const scenario of handshakeScenarios) {
  test(scenario.id, async ({ measure }) => {
    const finding = await measure(scenario);
    expect(finding).toBeConsistent();
    expect(finding).toMatchRecordedFinding();
    const { closeCode, closeReason, wasClean, events } = finding.observed;
    expect({ closeCode, closeReason, wasClean }).toEqual({ closeCode: 1006, closeReason: '', wasClean: false });
    expect(events).not.toContain('open');
    expect(finding.observed.msToClose?.max).toBeLessThanOrEqual(DELIVERY_ALLOWANCE_MS);
  });
}
