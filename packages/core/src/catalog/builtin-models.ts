import { PROVIDER_KINDS } from '../kinds/index.js';
import type { CatalogEntry } from '../types.js';

/**
 * Every built-in catalog entry, in catalog order: each kind's own data
 * (../kinds/<kind>/). Ollama, AnyLLM and extra endpoints have none: they are
 * discovered or configured.
 */
export const BUILTIN_MODELS: readonly CatalogEntry[] = PROVIDER_KINDS.flatMap((kind) => kind.models);
