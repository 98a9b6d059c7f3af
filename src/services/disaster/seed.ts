import type { ModuleContext } from '@lib/module.ts';

/** The demo city's disaster service: the real Aizuwakamatsu shelters, demo capacities, demo staff and supporter. */
export async function seedDisasterDemo(_context: ModuleContext, _progress: (message: string) => void): Promise<void> {
  // Filled in once the service kit can sign demo people in.
}
