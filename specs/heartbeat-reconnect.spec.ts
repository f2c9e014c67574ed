import { expect, scenarioDetails, test } from '../fixtures';
import { netfilterUnavailableReason } from '../faults/netfilter';
import { heartbeatConditions } from '../findings/heartbeat';
import type { Finding } from '../findings/schema';
import { heartbeatReconnectScenarios } from '../scenarios/heartbeat-catalog';
import { readProfile } from '../scenarios/profile';
import type { HeartbeatFault } from '../scenarios/schema';
import { HEARTBEAT_ALLOWANCE_MS, RECONNECT_ALLOWANCE_MS } from '../scenarios/timing';

// After the page's heartbeat gave up: a plain reconnect loop, started at once or on the dead socket's close, under a
// dead connection (other connections work) or a network that comes back. When the first echo comes, how many
// sockets it took, what became of what the page sent meanwhile, and when the dead socket finally closed.
for (const scenario of heartbeatReconnectScenarios(readProfile())) {
  const fault = scenario.fault as HeartbeatFault;
  test(scenario.id, scenarioDetails(scenario), async ({ measure, requires }, testInfo) => {
    // The window outlasts Chromium's 60 s closing-handshake timer; pages and the machine-wide lock take the rest.
    test.setTimeout(scenario.windowMs + (fault.reconnect?.restoreAfterMs ?? 0) + 60_000);
    if (fault.under === 'offline') requires('offline-emulation');
    if (fault.under === 'blackhole') {
      const unavailable = await netfilterUnavailableReason();
      test.skip(unavailable !== null, unavailable ?? '');
    }
    const finding = await measure(scenario, heartbeatConditions(fault, testInfo.project.name as Finding['engine']));
    expect(finding).toMatchRecordedFinding();
    expect(finding).toDetectWithinHeartbeatModel(HEARTBEAT_ALLOWANCE_MS);
    expect(finding).toReconnectWithinModel(RECONNECT_ALLOWANCE_MS);
  });
}
