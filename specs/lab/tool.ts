import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { busy } from '../../core/quiet';

/** The repository root: the checks below run on the whole tree from here. */
export const root = path.join(__dirname, '..', '..');

/**
 * Runs a package.json script in `cwd` (so the test runs what a person runs); its exit status and all it printed.
 * The checks load the CPU for seconds, so they hold the quiet lock shared, like a browser launch: never while a
 * browser test's milliseconds are measured.
 */
export function runScript(name: string, cwd = root): Promise<{ status: number | null; output: string }> {
  return busy(async () => {
    const run = spawnSync('npm', ['run', '--silent', name], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    return { status: run.status, output: `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}` };
  });
}
