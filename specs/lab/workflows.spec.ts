import { expect, test } from '../../fixtures/harness';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeLabTempDir } from '../../core/containment';

// The CI workflows are checked by a linter (@action-validator/cli: the workflow schema, job `needs`, cron, globs;
// it runs offline) inside `npm test`, so a broken workflow fails here rather than at 2 a.m. on GitHub.

const workflowsDir = path.join(__dirname, '..', '..', '.github', 'workflows');
const linter = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'action-validator');

function lint(file: string) {
  const run = spawnSync(linter, [file], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}` };
}

const workflows = readdirSync(workflowsDir).filter(f => /\.ya?ml$/.test(f));

test('there is a workflow to lint', () => {
  expect(workflows).toContain('nightly.yml');
});

for (const file of workflows) {
  test(`workflow ${file} passes the linter`, () => {
    const { status, output } = lint(path.join(workflowsDir, file));
    expect(status, `action-validator ${file}:\n${output}`).toBe(0);
  });
}

test('the linter fails a broken workflow, naming what is wrong', () => {
  // A copy of the nightly with a job that needs one that does not exist, and a misspelt key.
  const broken = readFileSync(path.join(workflowsDir, 'nightly.yml'), 'utf8')
    .replace('needs: measure-playwright', 'needs: measure-nothing')
    .replace('timeout-minutes: 15', 'timeout-minute: 15');
  const dir = makeLabTempDir('workflow');
  const file = path.join(dir, 'nightly.yml');
  writeFileSync(file, broken);
  const { status, output } = lint(file);
  rmSync(dir, { recursive: true, force: true });
  expect(status).toBe(1);
  expect(output).toContain('measure-nothing');
  expect(output).toContain("Additional property 'timeout-minute' is not allowed");
});
