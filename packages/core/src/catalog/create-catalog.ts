import type { Capability, CatalogEntry, ModelPricing } from '../types.js';
import { BUILTIN_MODELS } from './builtin-models.js';
import { mergeCatalogEntry } from './merge-catalog-entry.js';
import { getOwn } from '../util/own-entry.js';
import { PROVIDER_DEFAULT_PRICING } from './provider-default-pricing.js';
import type { Catalog, CatalogEntryOverride, CreateCatalogOptions } from './types.js';

/**
 * The model catalog: built-in data (each kind's, ../kinds/<kind>/*-models.ts),
 * then what providers report live, then the config file's `models`, merged
 * field-wise in that order (config wins). `anyllm` and extra endpoints have no
 * built-in data: their entries come from config or discovery and stay
 * unpriced unless config prices them.
 *
 * `get`, `list`, `findByModel` and `pricingOf` return fresh copies; `peek` and
 * `peekPricing` the catalog's own frozen objects, for the request path. The
 * state is private to the instance (discovered entries are the only thing
 * that changes).
 */
export function createCatalog(overrides: readonly CatalogEntryOverride[] = [], options: CreateCatalogOptions = {}): Catalog {
  const builtins = options.builtins ?? BUILTIN_MODELS;
  const defaultPricing = options.providerDefaultPricing ?? PROVIDER_DEFAULT_PRICING;
  const regions = options.regions ?? {};

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
    // The region's own price list, where it publishes one (a Beijing key pays the CNY list).
    const region = getOwn(regions, provider);
    const regional = region === undefined || entry.regionalPricing === undefined ? undefined : getOwn(entry.regionalPricing, region);
    if (regional !== undefined) entry.pricing = regional;
    const fallback = getOwn(defaultPricing, provider);
    if (entry.pricing === undefined && fallback !== undefined) entry = mergeCatalogEntry(entry, { provider, model, pricing: fallback });
    return entry;
  };

  // Merged entries, frozen and shared, until the next discovery: merging copies
  // every layer, and a gateway request looks its targets up several times.
  // Only known keys are kept (requests name any model they like).
  const merged = new Map<string, CatalogEntry | null>();
  const defaults = new Map<string, ModelPricing>();
  const peek = (provider: string, model: string): CatalogEntry | undefined => {
    const key = keyOf(provider, model);
    if (!order.has(key)) return undefined;
    let entry = merged.get(key);
    if (entry === undefined) {
      entry = deepFreeze(resolve(provider, model)) ?? null;
      merged.set(key, entry);
    }
    return entry ?? undefined;
  };
  const peekPricing = (provider: string, model: string): ModelPricing | undefined => {
    const own = peek(provider, model)?.pricing;
    if (own !== undefined) return own;
    const fallback = getOwn(defaultPricing, provider);
    if (fallback === undefined) return undefined;
    let frozen = defaults.get(provider);
    if (frozen === undefined) defaults.set(provider, (frozen = deepFreezePricing(copyPricing(fallback) as ModelPricing)));
    return frozen;
  };
  const peekCapabilities = (provider: string, model: string): readonly Capability[] | undefined => {
    const key = keyOf(provider, model);
    const declared = builtin.has(key) || configured.get(key)?.capabilities !== undefined || discovered.get(key)?.capabilities !== undefined;
    return declared ? peek(provider, model)?.capabilities : undefined;
  };
  const copy = (entry: CatalogEntry | undefined): CatalogEntry | undefined =>
    entry && mergeCatalogEntry(entry, { provider: entry.provider, model: entry.model });

  const all = (): CatalogEntry[] => [...order.values()].map(({ provider, model }) => copy(peek(provider, model))).filter((e): e is CatalogEntry => !!e);

  return {
    get: (provider, model) => copy(peek(provider, model)),
    peek,
    peekCapabilities,
    list: (provider) => all().filter((entry) => provider === undefined || entry.provider === provider),
    findByModel: (modelId) => all().filter((entry) => entry.model === modelId),
    pricingOf: (provider, model) => copyPricing(peekPricing(provider, model)),
    peekPricing,
    addDiscovered(entries) {
      for (const entry of entries) {
        const key = remember(entry.provider, entry.model);
        const earlier = discovered.get(key);
        discovered.set(key, earlier ? { ...earlier, ...definedFields(entry) } : { ...entry });
      }
      merged.clear();
    },
  };
}

function deepFreeze(entry: CatalogEntry | undefined): CatalogEntry | undefined {
  if (entry === undefined) return undefined;
  Object.freeze(entry.capabilities);
  if (entry.regions) Object.freeze(entry.regions);
  if (entry.pricing) deepFreezePricing(entry.pricing);
  if (entry.regionalPricing) {
    for (const pricing of Object.values(entry.regionalPricing)) if (pricing) deepFreezePricing(pricing);
    Object.freeze(entry.regionalPricing);
  }
  if (entry.lifecycle) Object.freeze(entry.lifecycle);
  if (entry.embedding) {
    if (Array.isArray(entry.embedding.dimensionChoices)) Object.freeze(entry.embedding.dimensionChoices);
    Object.freeze(entry.embedding);
  }
  return Object.freeze(entry);
}

function deepFreezePricing(pricing: ModelPricing): ModelPricing {
  for (const tier of pricing.tiers) Object.freeze(tier);
  Object.freeze(pricing.tiers);
  return Object.freeze(pricing);
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
