import type { CatalogEntry, ModelPricing } from '../types.js';
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
  if (override.pricing !== undefined) {
    merged.pricing = override.pricing;
    // A price set without regional lists (config `models`) is the price paid
    // in every region: it replaces the built-in regional lists too.
    if (override.regionalPricing === undefined) delete merged.regionalPricing;
  }
  if (override.regionalPricing !== undefined) merged.regionalPricing = override.regionalPricing;
  // Copies, so a caller editing what it was given cannot change the catalog.
  if (merged.pricing !== undefined) merged.pricing = copyPricing(merged.pricing);
  if (merged.regionalPricing !== undefined) {
    merged.regionalPricing = Object.fromEntries(
      Object.entries(merged.regionalPricing).flatMap(([region, pricing]) => (pricing ? [[region, copyPricing(pricing)]] : [])),
    );
  }
  if (override.regions !== undefined) merged.regions = [...override.regions];
  if (override.embedding !== undefined) merged.embedding = override.embedding;
  if (merged.embedding !== undefined) {
    const choices = merged.embedding.dimensionChoices;
    merged.embedding = { ...merged.embedding, ...(Array.isArray(choices) ? { dimensionChoices: [...(choices as readonly number[])] } : {}) };
  }
  if (override.lifecycle !== undefined) merged.lifecycle = override.lifecycle;
  if (merged.lifecycle !== undefined) merged.lifecycle = { ...merged.lifecycle };
  return merged;
}

function copyPricing(pricing: ModelPricing): ModelPricing {
  return { ...pricing, tiers: pricing.tiers.map((t) => ({ ...t })) };
}
