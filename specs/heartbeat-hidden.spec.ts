import { expect, scenarioDetails, test } from '../fixtures';
import { netfilterUnavailableReason } from '../faults/netfilter';
import { heartbeatConditions } from '../findings/heartbeat';
import type { Finding } from '../findings/schema';
import { heartbeatHiddenScenarios } from '../scenarios/heartbeat-catalog';
import { readProfile } from '../scenarios/profile';
import type { HeartbeatFault } from '../scenarios/schema';
import { HEARTBEAT_ALLOWANCE_MS } from '../scenarios/timing';

// A heartbeat in a page behind another tab, as a user's background tab is, with the engine's own hidden-page timer
// throttling: how much later it gives up than in front, against the model stretched by each engine's policy.
test.use({ pageState: 'hidden' });

for (const scenario of heartbeatHiddenScenarios(readProfile())) {
  const fault = scenario.fault as HeartbeatFault;
  test(scenario.id, scenarioDetails(scenario), async ({ measure }, testInfo) => {
    const engine = testInfo.project.name as Finding['engine'];
    test.skip(engine === 'webkit', "WebKitGTK's pages are hidden in every run under WebKitWebDriver: its heartbeat rows in specs/heartbeat.spec.ts are hidden-page rows");
    // Before the window: the first pong (up to an interval and a timeout), the lead, a random phase (up to an interval).
    const { intervalMs, timeoutMs } = fault.heartbeat;
    test.setTimeout(2 * intervalMs + timeoutMs + (fault.leadMs ?? 0) + scenario.windowMs + 60_000);
    const unavailable = await netfilterUnavailableReason();
    test.skip(unavailable !== null, unavailable ?? '');
    const finding = await measure(scenario, heartbeatConditions(fault, engine, 'hidden'));
    // The page must have been hidden, or nothing here is about hidden pages.
    expect(finding.conditions.pageVisibility).toBe('hidden');
    expect(finding).toMatchRecordedFinding();
    expect(finding).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  });
}
