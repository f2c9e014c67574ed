import { expect, scenarioDetails, test } from '../fixtures';
import type { Finding } from '../findings/schema';
import { handshakeScenarios } from '../scenarios/catalog';
import { readProfile } from '../scenarios/profile';

// The opening handshake fails in each of the standard's seven ways. The standard requires the page to see the
// same thing every time (close 1006, empty reason, not clean); departures are annotated as deviations.
// A name that resolves nowhere and an address nobody holds exist only where nothing leaves the machine: those
// two run with the browser inside a namespace of ours.
const inNamespace = new Set(['dns', 'unroutable']);

function expectRecordedAndPrompt(finding: Finding): void {
  expect(finding).toMatchRecordedFinding();
  expect(finding).toCloseWithinItsAllowance();
}

// Attempts one after another, each from a fresh document of the page.
for (const scenario of handshakeScenarios(readProfile())) {
  const fault = scenario.fault;
  if (fault.kind === 'handshake-fail' && inNamespace.has(fault.case))
    test(scenario.id, scenarioDetails(scenario), async ({ measureInNamespace }) => expectRecordedAndPrompt(await measureInNamespace(scenario)));
  else
    test(scenario.id, scenarioDetails(scenario), async ({ measure }) => {
      test.slow();
      expectRecordedAndPrompt(await measure(scenario));
    });
}
