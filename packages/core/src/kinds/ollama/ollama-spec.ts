import type { ProviderSpec } from '../provider-spec.js';

/** Ollama's OpenAI-compatible API: no key, `max_tokens`, local models are free. */
export const ollamaSpec: ProviderSpec = {
  kind: 'ollama',
  label: 'Ollama',
  outputCapField: 'max_tokens',
  needsKey: false,
  modelsAreFree: true,
};
