export { createCatalog } from './create-catalog.js';
export { BUILTIN_MODELS } from './builtin-models.js';
export { DASHSCOPE_MODELS } from '../kinds/dashscope/dashscope-models.js';
export { OPENAI_MODELS } from '../kinds/openai/openai-models.js';
export { PROVIDER_DEFAULT_PRICING } from './provider-default-pricing.js';
export { mergeCatalogEntry } from './merge-catalog-entry.js';
export type * from './types.js';
