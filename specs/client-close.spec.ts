import { expect, scenarioDetails, test } from '../fixtures';
import { clientCloseScenarios } from '../scenarios/catalog';

// The page ends the socket itself: close(code, reason), or by leaving the page. Which calls throw, what the
// server receives, and how long until the socket is gone (the closing handshake over loopback).
for (const scenario of clientCloseScenarios) {
  test(scenario.id, scenarioDetails(scenario), async ({ measure }) => {
    const finding = await measure(scenario);
    expect(finding).toMatchRecordedFinding();
    expect(finding).toCloseWithinItsAllowance();
  });
}
