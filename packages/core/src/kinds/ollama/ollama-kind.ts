import type { ProviderKindDefinition } from '../provider-kind.js';
import { ollamaBaseUrl } from './ollama-base-url.js';
import { OLLAMA_PRICING } from './ollama-pricing.js';
import { ollamaSpec } from './ollama-spec.js';

/**
 * A local Ollama: no key, so always configured (whether it answers is the
 * connection test's question); no budget variable, its models are free; no
 * catalog data or default model: it serves whatever was pulled.
 */
export const ollamaKind: ProviderKindDefinition = {
  id: 'ollama',
  label: ollamaSpec.label,
  spec: ollamaSpec,
  keyNeed: 'none',
  env: { baseURL: 'OLLAMA_BASE_URL' },
  // Ollama's OpenAI-compatible API (github.com/ollama/ollama/blob/main/docs/openai.md).
  defaultBaseURL: 'http://127.0.0.1:11434/v1',
  exampleBaseURL: 'http://127.0.0.1:11434/v1',
  baseURLHint: "Ollama's OpenAI-compatible URL, e.g. http://127.0.0.1:11434/v1.",
  adjustBaseURL: ollamaBaseUrl,
  models: [],
  defaultPricing: OLLAMA_PRICING,
};
