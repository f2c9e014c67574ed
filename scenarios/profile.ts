import { z } from 'zod';

/**
 * `quick` (default, CI): windows of tens of seconds at most. `full` (nightly): windows long enough for the
 * kernel's own TCP timeouts. Read from the PROFILE environment variable, once.
 */
export const Profile = z.enum(['quick', 'full']);
export type Profile = z.infer<typeof Profile>;

export function readProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const parsed = Profile.safeParse(env.PROFILE ?? 'quick');
  if (!parsed.success)
    throw new Error(`PROFILE=${env.PROFILE} is not a profile: use PROFILE=quick (default, minutes) or PROFILE=full (nightly, ~30 min)`);
  return parsed.data;
}
