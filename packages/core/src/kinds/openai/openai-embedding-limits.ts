import type { EmbeddingLimits } from '../provider-spec.js';

/**
 * OpenAI's embeddings API: at most 2,048 inputs per request, 8,191 tokens per
 * input and 300,000 tokens per request in all (API reference, "Create
 * embeddings": `input`).
 */
export const OPENAI_EMBEDDING_LIMITS: EmbeddingLimits = { maxInputsPerRequest: 2048, maxInputTokens: 8191, maxTokensPerRequest: 300_000 };
