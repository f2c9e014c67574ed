import { expect, scenarioDetails, test } from '../fixtures';
import { wireCloseScenarios } from '../scenarios/catalog';

// The server puts a close frame on the wire byte by byte, valid or not. What the page reports is pinned per
// engine; where the standard is explicit, a departure is annotated as a deviation.
for (const scenario of wireCloseScenarios) {
  test(scenario.id, scenarioDetails(scenario), async ({ measure }) => {
    const finding = await measure(scenario);
    expect(finding).toMatchRecordedFinding();
    expect(finding).toCloseWithinItsAllowance();
  });
}
