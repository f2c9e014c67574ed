import { z } from 'zod';

/**
 * `quick` (default, CI): windows of tens of seconds at most. `full` (nightly): windows long enough for the
 * kernel's own TCP timeouts. Read from the PROFILE environment variable, once.
 */
export const Profile = z.enum(['quick', 'full']);
export type Profile = z.infer<typeof Profile>;

let warned = false;

/** The profile named by PROFILE; an unknown name is reported in one line and the run goes on with quick. */
export function readProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const parsed = Profile.safeParse(env.PROFILE ?? 'quick');
  if (parsed.success) return parsed.data;
  if (!warned) {
    warned = true;
    console.warn(`[wslab] PROFILE=${env.PROFILE} is not a profile, so this run uses quick; set PROFILE=quick (default, minutes) or PROFILE=full (nightly, ~30 min)`);
  }
  return 'quick';
}

/**
 * Which tests a run takes. `short` (default, `npm test`, CI's gate: minutes): every millisecond-scale (quiet)
 * scenario and the harness's own tests. `all` (`npm run research`, the nightly, and every full-profile run): the
 * long windows too, the tests tagged LONG_TAG. Read from WSLAB_SCOPE.
 */
const Scope = z.enum(['short', 'all']);

/** The tag of a test whose window runs for seconds to minutes (a scenario that is not quiet). */
export const LONG_TAG = '@long';

/** The scope named by WSLAB_SCOPE (`all` under PROFILE=full); an unknown name stops the run with the choices. */
export function readScope(env: NodeJS.ProcessEnv = process.env): z.infer<typeof Scope> {
  if (readProfile(env) === 'full') return 'all';
  const parsed = Scope.safeParse(env.WSLAB_SCOPE ?? 'short');
  if (!parsed.success) throw new Error(`WSLAB_SCOPE=${env.WSLAB_SCOPE} is not a scope: set WSLAB_SCOPE=short (default, the millisecond-scale scenarios, minutes) or WSLAB_SCOPE=all (every scenario, ~20 min)`);
  return parsed.data;
}
