import { expect, scenarioDetails, test } from '../fixtures';
import { netfilterUnavailableReason } from '../faults/netfilter';
import { heartbeatConditions } from '../findings/heartbeat';
import type { Finding } from '../findings/schema';
import { heartbeatScenarios } from '../scenarios/heartbeat-catalog';
import { readProfile } from '../scenarios/profile';
import { dropsPackets, type HeartbeatFault } from '../scenarios/schema';
import { proxyUnavailableReason, proxyVersion } from '../server/proxy';
import { HEARTBEAT_ALLOWANCE_MS } from '../scenarios/timing';

// A heartbeat watches a socket under a fault that leaves it open: when each side gives up, against the model, and
// how long the page's close() on the dead socket takes to end it. Every outcome is pinned per engine.
for (const scenario of heartbeatScenarios(readProfile())) {
  const fault = scenario.fault as HeartbeatFault;
  // Under link-down the browser runs in a lab namespace pair of its own, its server at the far end of the veth.
  const inNamespace = fault.under === 'link-down';
  test(scenario.id, scenarioDetails(scenario), async ({ measure, measureInNamespace, requires }, testInfo) => {
    // Before the window: the first exchange (up to an interval and a timeout: a server's first ping waits an
    // interval) and the fault's random phase (up to an interval). The window outlasts Chromium's 60 s
    // closing-handshake timer; pages and the machine-wide lock take the rest.
    const { intervalMs, timeoutMs } = fault.heartbeat;
    test.setTimeout(2 * intervalMs + timeoutMs + scenario.windowMs + 60_000);
    if (fault.under === 'offline') requires('offline-emulation');
    if (dropsPackets(fault.under)) {
      const unavailable = await netfilterUnavailableReason();
      test.skip(unavailable !== null, unavailable ?? '');
    }
    if (fault.proxy) {
      const unavailable = proxyUnavailableReason(fault.proxy.name);
      test.skip(unavailable !== null, unavailable ?? '');
    }
    const conditions = heartbeatConditions(fault, testInfo.project.name as Finding['engine']);
    if (fault.proxy) Object.assign(conditions, { proxy: await proxyVersion(fault.proxy.name), proxyIdleTimeoutMs: fault.proxy.idleTimeoutMs });
    const finding = await (inNamespace ? measureInNamespace : measure)(scenario, conditions);
    expect(finding).toMatchRecordedFinding();
    expect(finding).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
  });
}
