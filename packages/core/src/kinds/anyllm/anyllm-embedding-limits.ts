import type { EmbeddingLimits } from '../provider-spec.js';

/**
 * Any OpenAI-compatible server: its limits are its own (vLLM, TEI and
 * LiteLLM proxies differ), so batches of 32, which the common servers take
 * (TEI's default `max-client-batch-size` is 32). A model's own limits go under
 * `models` as `embedding.maxInputsPerRequest` / `maxInputTokens`.
 */
export const ANYLLM_EMBEDDING_LIMITS: EmbeddingLimits = { maxInputsPerRequest: 32 };
