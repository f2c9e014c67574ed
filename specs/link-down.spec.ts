import { expect, scenarioDetails, test } from '../fixtures';
import { networkCutScenarios } from '../scenarios/network-cut-catalog';
import { tcpGiveUpMs, tcpRetries2 } from '../scenarios/mechanisms';
import { readProfile } from '../scenarios/profile';

// The browser's own interface goes down (it runs in a namespace of ours, behind a veth pair). No kernel timer
// bounds what follows within the window: whether the page hears of it is the browser's own link watching.
for (const scenario of networkCutScenarios(readProfile()).filter(s => s.fault.kind === 'network-cut' && s.fault.method === 'link-down')) {
  test(scenario.id, scenarioDetails(scenario), async ({ measureInNamespace }) => {
    const finding = await measureInNamespace(scenario, { tcp_retries2: tcpRetries2(), tcpGiveUpMs: tcpGiveUpMs() });
    expect(finding).toMatchRecordedFinding();
    for (const trial of finding.trials) if (trial.closeCode !== null) expect(trial.wasClean).toBe(false);
  });
}
