import type { PlatformClient } from '@lib/service-kit/index.ts';

/** The platform as this service reaches it: the kit's client over HTTP, or a fake in small tests. */
export type Platform = PlatformClient;

/** Whether linkage says the person opted in to a category (an opt-in with no data still counts). */
export async function optedIn(platform: Platform, subject: string, category: string): Promise<boolean> {
  const outcome = await platform.read(subject, category);
  return outcome.outcome === 'allowed' || outcome.code === 'no_data';
}
