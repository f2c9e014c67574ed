import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The repository root: the tools below run on the whole tree from here. */
export const root = path.join(__dirname, '..', '..');

/** Runs a tool this repository installs (node_modules/.bin) in `cwd`; its exit status and everything it printed. */
export function runTool(name: string, args: readonly string[], cwd = root): { status: number | null; output: string } {
  const run = spawnSync(path.join(root, 'node_modules', '.bin', name), args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: run.status, output: `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}` };
}
