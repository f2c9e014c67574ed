import { expect, test } from '../../fixtures/harness';
import { runScript } from './tool';

// Nothing dead: knip (knip.jsonc) finds files nothing uses, exports nothing imports and dependencies nothing
// needs; its configuration hints fail too, so the entries it is told of stay true to the tree.

test('no unused files, exports or dependencies (knip)', async () => {
  const { status, output } = await runScript('lint:unused');
  expect(status, output).toBe(0);
});
