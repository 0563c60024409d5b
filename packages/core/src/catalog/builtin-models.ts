import type { CatalogEntry } from '../types.js';
import { DASHSCOPE_MODELS } from '../kinds/dashscope/dashscope-models.js';
import { OPENAI_MODELS } from '../kinds/openai/openai-models.js';

/** Every built-in catalog entry, in catalog order. Ollama, AnyLLM and extra endpoints have none: they are discovered or configured. */
export const BUILTIN_MODELS: readonly CatalogEntry[] = [...DASHSCOPE_MODELS, ...OPENAI_MODELS];
