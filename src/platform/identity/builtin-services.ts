import type { ModuleContext, TsunaguModule } from '@lib/module.ts';
import { builtinClientSecret, callbackUrl } from '@lib/service-kit/index.ts';
import { platformCore } from '../core.ts';

/**
 * Registers the city service modules this app runs in the service directory, from their
 * manifests, each as its own OpenID client with its purposes and categories: the same
 * directory entry and checks as an operator's registration (ARCHITECTURE.md rule 1).
 */
export async function registerBuiltinServices(context: ModuleContext, modules: readonly TsunaguModule[]): Promise<void> {
  const services = modules.flatMap((m) => (m.service ? [m.service] : []));
  if (services.length === 0) return;
  const { directory } = await platformCore(context);
  const { baseUrl } = context.config;
  for (const manifest of services) {
    await directory.registerBuiltin({
      clientId: manifest.clientId,
      clientSecret: builtinClientSecret(context.config, manifest.clientId),
      builtinModule: manifest.name,
      name: manifest.title,
      company: manifest.company,
      description: manifest.description,
      purposes: [...manifest.purposes],
      categories: manifest.categories.map((c) => ({ category: c.category, reason: c.reason, required: c.required })),
      redirectUris: [callbackUrl(baseUrl, manifest)],
      postLogoutRedirectUris: [`${baseUrl}${manifest.homepage}`],
      homepage: `${baseUrl}${manifest.homepage}`,
    });
  }
}
