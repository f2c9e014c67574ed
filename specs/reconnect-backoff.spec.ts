import { expect, scenarioDetails, test } from '../fixtures';
import { backoffScenarios } from '../scenarios/catalog';
import { readProfile } from '../scenarios/profile';

// The same failing endpoint, again and again from one page: whether the browser slows later attempts down
// (RFC 6455 §7.2.3 asks clients to back off) is pinned per engine as the finding's trend.
for (const scenario of backoffScenarios(readProfile())) {
  test(scenario.id, scenarioDetails(scenario), async ({ measure }) => {
    test.slow();
    const finding = await measure(scenario);
    expect(finding).toMatchRecordedFinding();
    expect(finding.summary.trend).not.toBeNull();
  });
}
