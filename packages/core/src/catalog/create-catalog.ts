import type { CatalogEntry, ModelPricing } from '../types.js';
import { BUILTIN_MODELS } from './builtin-models.js';
import { mergeCatalogEntry } from './merge-catalog-entry.js';
import { PROVIDER_DEFAULT_PRICING } from './provider-default-pricing.js';
import type { Catalog, CatalogEntryOverride, CreateCatalogOptions } from './types.js';

/**
 * The model catalog: built-in data (./dashscope-models.ts, ./openai-models.ts),
 * then what providers report live, then the config file's `models`, merged
 * field-wise in that order (config wins). `anyllm` and extra endpoints have no
 * built-in data: their entries come from config or discovery and stay
 * unpriced unless config prices them.
 *
 * Every call returns fresh copies; the catalog's own state is private to the
 * instance (discovered entries are the only thing that changes).
 */
export function createCatalog(
  overrides: readonly CatalogEntryOverride[] = [],
  options: CreateCatalogOptions = {},
): Catalog {
  const builtins = options.builtins ?? BUILTIN_MODELS;
  const defaultPricing = options.providerDefaultPricing ?? PROVIDER_DEFAULT_PRICING;

  /** Keys in catalog order: built-ins, then config, then discovered. */
  const order = new Map<string, { provider: string; model: string }>();
  const builtin = new Map<string, CatalogEntry>();
  const configured = new Map<string, CatalogEntryOverride>();
  const discovered = new Map<string, CatalogEntryOverride>();

  const remember = (provider: string, model: string): string => {
    const key = keyOf(provider, model);
    if (!order.has(key)) order.set(key, { provider, model });
    return key;
  };

  for (const entry of builtins) builtin.set(remember(entry.provider, entry.model), entry);
  for (const entry of overrides) {
    const key = remember(entry.provider, entry.model);
    // Two config entries for one model merge in file order.
    const earlier = configured.get(key);
    configured.set(key, earlier ? { ...earlier, ...definedFields(entry) } : entry);
  }

  const resolve = (provider: string, model: string): CatalogEntry | undefined => {
    const key = keyOf(provider, model);
    const layers = [discovered.get(key), configured.get(key)].filter((l): l is CatalogEntryOverride => l !== undefined);
    const base = builtin.get(key);
    if (base === undefined && layers.length === 0) return undefined;
    let entry = mergeCatalogEntry(base, { provider, model });
    for (const layer of layers) entry = mergeCatalogEntry(entry, layer);
    const fallback = defaultPricing[provider];
    if (entry.pricing === undefined && fallback !== undefined) entry = mergeCatalogEntry(entry, { provider, model, pricing: fallback });
    return entry;
  };

  const all = (): CatalogEntry[] =>
    [...order.values()].map(({ provider, model }) => resolve(provider, model)).filter((e): e is CatalogEntry => !!e);

  return {
    get: resolve,
    list: (provider) => all().filter((entry) => provider === undefined || entry.provider === provider),
    findByModel: (modelId) => all().filter((entry) => entry.model === modelId),
    pricingOf: (provider, model) => resolve(provider, model)?.pricing ?? copyPricing(defaultPricing[provider]),
    addDiscovered(entries) {
      for (const entry of entries) {
        const key = remember(entry.provider, entry.model);
        const earlier = discovered.get(key);
        discovered.set(key, earlier ? { ...earlier, ...definedFields(entry) } : { ...entry });
      }
    },
  };
}

function copyPricing(pricing: ModelPricing | undefined): ModelPricing | undefined {
  return pricing === undefined ? undefined : { ...pricing, tiers: pricing.tiers.map((tier) => ({ ...tier })) };
}

/** NUL cannot occur in a provider id, so the key is unambiguous. */
function keyOf(provider: string, model: string): string {
  return `${provider}\u0000${model}`;
}

/** The fields an override actually sets, so `{pricing: undefined}` does not erase an earlier price. */
function definedFields(entry: CatalogEntryOverride): CatalogEntryOverride {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as CatalogEntryOverride;
}
