import { PROVIDER_KINDS } from '../kinds/index.js';
import type { ModelPricing } from '../types.js';

/**
 * Providers whose every model has a known price whether or not the catalog
 * lists it, by provider id: the kinds that declare one (Ollama, free).
 */
export const PROVIDER_DEFAULT_PRICING: Readonly<Record<string, ModelPricing>> = Object.fromEntries(
  PROVIDER_KINDS.flatMap((kind) => (kind.defaultPricing === undefined ? [] : [[kind.id, kind.defaultPricing]])),
);
