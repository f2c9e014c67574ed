import { expect, scenarioDetails, test } from '../fixtures';
import { loweredTimerScenarios } from '../scenarios/network-cut-catalog';
import { GIVE_UP_ALLOWANCE_MS } from '../scenarios/timing';

// The blackhole cuts again, the browser in a lab namespace whose kernel timers are lowered, so the kernel's own
// answer comes within the quick window: what the page sees when TCP gives up, and whether the model said when.
for (const scenario of loweredTimerScenarios()) {
  const traffic = scenario.fault.kind === 'network-cut' ? scenario.fault.traffic : null;
  test(scenario.id, scenarioDetails(scenario), async ({ measureInNamespace }) => {
    const finding = await measureInNamespace(scenario);
    expect(finding).toMatchRecordedFinding();
    for (const trial of finding.trials) if (trial.closeCode !== null) expect(trial.wasClean).toBe(false);
    if (traffic === 'idle') {
      // Every engine keeps its own keepalive or none (the finding says which), so the lowered sysctls cannot end it.
      expect(finding).toStayOpenUntilKeepalive(GIVE_UP_ALLOWANCE_MS);
      return;
    }
    expect(finding).toGiveUpAsPredicted(GIVE_UP_ALLOWANCE_MS);
    expect(finding).toAgreeWithKernelDefaults(`network-cut:blackhole:${traffic}`);
  });
}
