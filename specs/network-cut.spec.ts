import { expect, scenarioDetails, test } from '../fixtures';
import { netfilterUnavailableReason } from '../faults/netfilter';
import { networkCutScenarios } from '../scenarios/network-cut-catalog';
import { TCP_RTO_MAX_MS, tcpGiveUpMs, tcpRetries2 } from '../scenarios/mechanisms';
import { readProfile } from '../scenarios/profile';
import type { NetworkCut } from '../scenarios/schema';
import { closeAllowanceMs, TIMER_ALLOWANCE_MS } from '../scenarios/timing';

/**
 * The latest a close can come, counted from the trial's fault, if it comes from the mechanism the cut sets off;
 * null where no kernel mechanism bounds it (an idle socket: only the browser's own keepalive policy, or emulation).
 * For sending traffic the fault is the page's first send under the cut.
 */
function closeBound(fault: NetworkCut, engine: string): number | null {
  if (fault.traffic === 'idle' || fault.method === 'offline' || fault.traffic === 'restore') return null;
  // reject: the send draws a reset at once; blackhole: it is retransmitted until TCP gives up.
  return fault.method === 'reject' ? closeAllowanceMs(engine, fault, true) : tcpGiveUpMs() + TCP_RTO_MAX_MS + TIMER_ALLOWANCE_MS;
}

// Cuts of the browser's own link live in link-down.spec.ts: they need a browser inside a namespace.
for (const scenario of networkCutScenarios(readProfile()).filter(s => s.fault.kind === 'network-cut' && s.fault.method !== 'link-down')) {
  const fault = scenario.fault as NetworkCut;
  test(scenario.id, scenarioDetails(scenario), async ({ measure, requires }) => {
    if (fault.method === 'offline') requires('offline-emulation');
    if (fault.method === 'blackhole' || fault.method === 'reject') {
      const unavailable = await netfilterUnavailableReason();
      test.skip(unavailable !== null, unavailable ?? '');
    }
    const conditions = { tcp_retries2: tcpRetries2(), tcpGiveUpMs: tcpGiveUpMs() };
    const finding = await measure(scenario, conditions);
    expect(finding).toMatchRecordedFinding();
    const bound = closeBound(fault, finding.engine);
    if (bound !== null) expect(finding).toCloseWithin(bound);
    for (const trial of finding.trials) if (trial.closeCode !== null) expect(trial.wasClean).toBe(false);
  });
}
