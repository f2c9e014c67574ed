import { expect, scenarioDetails, test } from '../fixtures';
import { netfilterUnavailableReason } from '../faults/netfilter';
import { heartbeatConditions } from '../findings/heartbeat';
import type { Finding } from '../findings/schema';
import { heartbeatFalseAlarmScenarios } from '../scenarios/heartbeat-catalog';
import { readProfile } from '../scenarios/profile';
import type { HeartbeatFault } from '../scenarios/schema';
import { HEARTBEAT_ALLOWANCE_MS } from '../scenarios/timing';

// The price of a fast heartbeat: nothing fails, the path only turns slow (a relay holds every byte back, perhaps losing
// some at random, which TCP resends) or a bulk send
// fills a narrow uplink. A heartbeat whose timeout is longer than the round trip (or the wait behind the bulk) must
// never give up; one whose timeout is shorter gives up on a live connection, within the same window as on a dead one.
for (const scenario of heartbeatFalseAlarmScenarios(readProfile())) {
  const fault = scenario.fault as HeartbeatFault;
  test(scenario.id, scenarioDetails(scenario), async ({ measure }, testInfo) => {
    // Before the window: the first exchange (up to an interval and a timeout) and the wait for an exchange that
    // places the slowing (up to as much again); pages and the machine-wide lock take the rest.
    const { intervalMs, timeoutMs } = fault.heartbeat;
    test.setTimeout(2 * (intervalMs + timeoutMs) + scenario.windowMs + 60_000);
    if (fault.lossPercent) {
      const unavailable = await netfilterUnavailableReason();
      test.skip(unavailable !== null, unavailable ?? '');
    }
    const loss: Record<string, number> = fault.lossPercent ? { lossPercent: fault.lossPercent } : {};
    const path: Record<string, number> = fault.bulkSend ? { bulkBytes: fault.bulkSend.bytes, uplinkBytesPerSecond: fault.bulkSend.uplinkBytesPerSecond } : { oneWayDelayMs: fault.oneWayDelayMs ?? 0, ...loss };
    const conditions = { ...heartbeatConditions(fault, testInfo.project.name as Finding['engine']), ...path };
    const finding = await measure(scenario, conditions);
    expect(finding).toMatchRecordedFinding();
    expect(finding).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  });
}
