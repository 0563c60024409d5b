import type { CatalogEntry, ModelInfo } from '../types.js';
import type { GatewayContext } from './gateway-context.js';
import type { ListModelsQuery } from './gateway.js';

/** How long one provider's live /models may take before the catalog answers alone. */
const LIVE_TIMEOUT_MS = 5_000;

async function liveIds(ctx: GatewayContext, providerId: string): Promise<string[] | undefined> {
  const provider = ctx.providers.get(providerId);
  if (!provider?.config.configured) return undefined;
  try {
    return await provider.listModelIds(AbortSignal.timeout(LIVE_TIMEOUT_MS));
  } catch (error) {
    ctx.logger.warn(`live model list of ${providerId} unavailable; showing catalog data`, {
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

/**
 * The catalog merged with each configured provider's live /models. Live ids
 * the catalog does not know are added (and remembered, so a local server's
 * models get its default pricing, e.g. Ollama at zero); each entry says where
 * it came from and whether its provider is configured.
 */
export async function listModels(ctx: GatewayContext, query: ListModelsQuery = {}): Promise<ModelInfo[]> {
  const providerIds = [...ctx.providers.keys()].filter((id) => !query.provider || id === query.provider);
  const live = await Promise.all(providerIds.map(async (id) => [id, query.live === false ? undefined : await liveIds(ctx, id)] as const));
  const models: ModelInfo[] = [];
  for (const [providerId, ids] of live) {
    const configured = ctx.providers.get(providerId)?.config.configured ?? false;
    const liveSet = new Set(ids ?? []);
    const catalogued = ctx.catalog.list(providerId);
    const known = new Set<string>();
    const push = (entry: CatalogEntry, source: ModelInfo['source']) => {
      known.add(entry.model);
      models.push({ ...entry, source, configured });
    };
    for (const entry of catalogued) {
      push(entry, liveSet.has(entry.model) ? 'both' : 'catalog');
    }
    const fresh = [...liveSet].filter((model) => !known.has(model));
    // Remembered so the provider's default pricing (Ollama: free) applies to them.
    ctx.catalog.addDiscovered(fresh.map((model) => ({ provider: providerId, model })));
    for (const model of fresh) {
      push(ctx.catalog.get(providerId, model) ?? { provider: providerId, model, capabilities: [] }, 'live');
    }
  }
  return query.capability ? models.filter((m) => m.capabilities.includes(query.capability as never)) : models;
}
