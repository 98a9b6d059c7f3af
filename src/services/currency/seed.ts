import type { ModuleContext } from '@lib/module.ts';

/** The currency's part of the demo city (filled in once the service kit can sign demo people in). */
export async function seedCurrencyDemo(_context: ModuleContext, progress: (message: string) => void): Promise<void> {
  progress('currency: nothing to seed yet');
}
