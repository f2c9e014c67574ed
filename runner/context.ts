import type { LabPage } from '../drivers/driver';
import type { LabNamespace } from '../faults/netns';
import type { Recorder } from '../recorder/recorder';
import type { LabServer } from '../server/lab-server';

/** What a scenario needs to run: the worker's server, the test's lab page, and more pages on demand. */
export interface ScenarioContext {
  server: LabServer;
  page: LabPage;
  recorder: Recorder;
  /** Another lab page of the same browser, isolated from the test's own (its own context); the caller closes it. */
  openPage(): Promise<{ page: LabPage; recorder: Recorder }>;
  /** The namespace the browser runs in, for faults that need one (link-down, dns, unroutable). */
  namespace?: LabNamespace;
}
