import type { EmbeddingLimits } from '../provider-spec.js';

/**
 * Ollama documents no batch limit for `/v1/embeddings`; a local server works
 * through a batch in turn, so batches of 32 keep each request short (and
 * within the idle and attempt timers). The input limit is the pulled model's
 * context: give it as `embedding.maxInputTokens` under `models`.
 */
export const OLLAMA_EMBEDDING_LIMITS: EmbeddingLimits = { maxInputsPerRequest: 32 };
