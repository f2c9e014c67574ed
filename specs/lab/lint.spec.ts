import { expect, test } from '../../fixtures/harness';
import { runScript } from './tool';

// The linter (Biome, biome.jsonc: its recommended rules, formatter off) finds nothing on the tree.

test('the linter finds nothing (biome lint)', async () => {
  const { status, output } = await runScript('lint');
  expect(status, output).toBe(0);
});
