import type { CatalogEntry } from '../types.js';
import type { CatalogEntryOverride } from './types.js';

/**
 * Field-wise merge: every field the override sets replaces the base's; fields
 * it leaves out (or sets to `undefined`) keep the base's value. Whole values
 * are replaced, not merged further: a new `pricing` replaces the price list
 * (tiers from two sources mixed would be a price nobody published), and a
 * new `capabilities` list replaces the old one.
 */
export function mergeCatalogEntry(base: CatalogEntry | undefined, override: CatalogEntryOverride): CatalogEntry {
  const merged: CatalogEntry = base
    ? { ...base, capabilities: [...base.capabilities], ...(base.regions ? { regions: [...base.regions] } : {}) }
    : { provider: override.provider, model: override.model, capabilities: [] };
  if (override.contextWindow !== undefined) merged.contextWindow = override.contextWindow;
  if (override.maxOutputTokens !== undefined) merged.maxOutputTokens = override.maxOutputTokens;
  if (override.capabilities !== undefined) merged.capabilities = [...override.capabilities];
  if (override.pricing !== undefined) merged.pricing = override.pricing;
  // Copies, so a caller editing what it was given cannot change the catalog.
  if (merged.pricing !== undefined) merged.pricing = { ...merged.pricing, tiers: merged.pricing.tiers.map((t) => ({ ...t })) };
  if (override.regions !== undefined) merged.regions = [...override.regions];
  return merged;
}
