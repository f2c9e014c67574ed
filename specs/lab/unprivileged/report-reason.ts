import { test } from '@playwright/test';
import { netfilterUnavailableReason } from '../../../faults/netfilter';

test('report why packet-level faults are unavailable', async () => {
  console.log(`REASON: ${await netfilterUnavailableReason()}`);
});
