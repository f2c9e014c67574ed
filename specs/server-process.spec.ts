import { expect, scenarioDetails, test } from '../fixtures';
import { serverProcessScenarios } from '../scenarios/catalog';
import { serverSideCloseMs } from '../scenarios/mechanisms';
import type { ServerProcessFault } from '../scenarios/schema';
import { captureUnavailableReason } from '../server/wire-capture';

// The server as a process of its own dies, freezes or restarts: what the page sees, and which TCP segment (FIN or
// RST, captured on loopback) reached the browser. Every outcome is pinned per engine; a kill or a termination is
// held to its loopback close.
for (const scenario of serverProcessScenarios) {
  test(scenario.id, scenarioDetails(scenario), async ({ measure }) => {
    const unavailable = captureUnavailableReason();
    test.skip(unavailable !== null, unavailable ?? '');
    const finding = await measure(scenario);
    expect(finding).toMatchRecordedFinding();
    if (serverSideCloseMs(scenario.fault as ServerProcessFault) !== null) expect(finding).toCloseWithinItsMechanism();
  });
}
