import { expect, scenarioDetails, test } from '../fixtures';
import { netfilterUnavailableReason } from '../faults/netfilter';
import { proxyScenarios } from '../scenarios/catalog';
import { serverSideCloseMs } from '../scenarios/mechanisms';
import { readProfile } from '../scenarios/profile';
import type { ProxyFault } from '../scenarios/schema';
import { proxyUnavailableReason, proxyVersion } from '../server/proxy';
import { captureUnavailableReason } from '../server/wire-capture';

// A real nginx or HAProxy between the page and the server: what it passes on when it times out, reloads, dies, or
// loses the server behind it. Its package version and timers are stated in each finding's conditions. Where its
// mechanism fixes a time (a timeout, a reload's deadline, a kill) the close is held to it from both sides.
for (const scenario of proxyScenarios(readProfile())) {
  const fault = scenario.fault as ProxyFault;
  test(scenario.id, scenarioDetails(scenario), async ({ measure }) => {
    const unavailable = proxyUnavailableReason(fault.proxy) ?? captureUnavailableReason();
    test.skip(unavailable !== null, unavailable ?? '');
    if (fault.act === 'upstream-blackhole') {
      const noNft = await netfilterUnavailableReason();
      test.skip(noNft !== null, noNft ?? '');
    }
    const conditions = {
      proxy: await proxyVersion(fault.proxy),
      idleTimeoutMs: fault.idleTimeoutMs,
      shutdownTimeoutMs: fault.shutdownTimeoutMs ?? 'none',
    };
    const finding = await measure(scenario, conditions);
    expect(finding).toMatchRecordedFinding();
    if (serverSideCloseMs(fault) !== null) expect(finding).toCloseWithinItsMechanism();
  });
}
