import { expect, test } from '../fixtures';
import { serverProcessScenarios } from '../scenarios/catalog';
import { captureUnavailableReason } from '../server/wire-capture';

// The server as a process of its own dies, freezes or restarts: what the page sees, and which TCP segment (FIN or
// RST, captured on loopback) reached the browser. Every outcome is pinned per engine.
for (const scenario of serverProcessScenarios) {
  test(scenario.id, async ({ measure }) => {
    const unavailable = captureUnavailableReason();
    test.skip(unavailable !== null, unavailable ?? '');
    const finding = await measure(scenario);
    expect(finding).toMatchRecordedFinding();
  });
}
