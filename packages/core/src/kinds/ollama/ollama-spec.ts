import { OLLAMA_EMBEDDING_LIMITS } from './ollama-embedding-limits.js';
import type { ProviderSpec } from '../provider-spec.js';

/**
 * Ollama's OpenAI-compatible API: no key, `max_tokens`, local models are
 * free. Its compatibility page lists `top_p`, `stop`, `seed`,
 * `presence_penalty` and `frequency_penalty`; not `user`.
 */
export const ollamaSpec: ProviderSpec = {
  kind: 'ollama',
  embeddingLimits: OLLAMA_EMBEDDING_LIMITS,
  label: 'Ollama',
  outputCapField: 'max_tokens',
  needsKey: false,
  modelsAreFree: true,
  samplingParams: ['top_p', 'stop', 'seed', 'presence_penalty', 'frequency_penalty'],
};
