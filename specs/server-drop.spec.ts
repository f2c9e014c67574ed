import { expect, scenarioDetails, test } from '../fixtures';
import { serverFaultScenarios } from '../scenarios/catalog';

// The server drops TCP without any close frame: a FIN (server-fin) or a reset (server-rst). An abnormal
// closure, code 1006 (RFC 6455 §7.1.5); whether `error` fires first is each engine's own, pinned per engine.
for (const scenario of serverFaultScenarios.filter(s => s.fault.kind === 'server-fin' || s.fault.kind === 'server-rst')) {
  test(scenario.id, scenarioDetails(scenario), async ({ measure }) => {
    const finding = await measure(scenario);
    expect(finding).toMatchRecordedFinding();
    const closes = finding.trials.map(t => ({ code: t.closeCode, wasClean: t.wasClean }));
    expect(closes).toEqual(closes.map(() => ({ code: 1006, wasClean: false })));
    expect(finding).toCloseWithinItsAllowance();
  });
}
