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
