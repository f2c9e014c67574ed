import { expect, test } from '../../fixtures/harness';
import { appendFileSync, cpSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { makeLabTempDir } from '../../core/containment';
import { functionSpans, lineCount, sourceFiles } from './source-size';
import { root, runScript } from './tool';

// The architecture is checked, not just described: the layers in .dependency-cruiser.cjs, and sizes that keep
// one job per file and per function.

const maxFileLines = 250;
const maxFunctionLines = 60;

/** dependency-cruiser with the rules, on the tree in `cwd`. */
const cruise = (cwd: string) => runScript('lint:architecture', cwd);

test('imports point one way, without cycles or orphans (dependency-cruiser)', async () => {
  const { status, output } = await cruise(root);
  expect(status, output).toBe(0);
});

test('an upward import fails the rules, naming the rule and the import', async () => {
  const dir = makeLabTempDir('architecture');
  try {
    const skip = new Set(['node_modules', 'reports', 'test-results', 'playwright-report', 'blob-report', '.git', '.dbg']);
    cpSync(root, dir, { recursive: true, filter: from => !skip.has(path.relative(root, from).split(path.sep)[0]) });
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    // The leaf reaching for the runner, a type-only import from drivers up into the scenarios, and a fixture
    // using a reporter.
    appendFileSync(path.join(dir, 'core', 'clock.ts'), "\nimport '../runner/run';\n");
    appendFileSync(path.join(dir, 'drivers', 'driver.ts'), "\nimport type { Scenario } from '../scenarios/schema';\n");
    appendFileSync(path.join(dir, 'fixtures', 'expect.ts'), "\nimport '../reporters/cells';\n");
    const { status, output } = await cruise(dir);
    expect(status, output).not.toBe(0);
    expect(output).toContain('error layer-core: core/clock.ts → runner/run.ts');
    expect(output).toContain('error layer-drivers: drivers/driver.ts → scenarios/schema.ts');
    expect(output).toContain('error who-imports-reporters: fixtures/expect.ts → reporters/cells.ts');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every size over `max`, as `where: size lines`. The limits have no exceptions. */
const over = (sizes: { where: string; size: number }[], max: number) => sizes.filter(s => s.size > max).map(s => `${s.where}: ${s.size} lines`);

test(`no source file over ${maxFileLines} lines`, () => {
  const sizes = sourceFiles(root).map(file => ({ where: `${file}:1`, size: lineCount(path.join(root, file)) }));
  expect(over(sizes, maxFileLines), 'split these by job').toEqual([]);
});

test(`no function over ${maxFunctionLines} lines`, () => {
  const spans = functionSpans(root, sourceFiles(root));
  expect(spans.length).toBeGreaterThan(500);
  const sizes = spans.map(s => ({ where: `${s.where} ${s.name}`, size: s.lines }));
  expect(over(sizes, maxFunctionLines), 'split these into steps').toEqual([]);
});
