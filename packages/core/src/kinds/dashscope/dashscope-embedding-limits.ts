import type { EmbeddingLimits } from '../provider-spec.js';

/**
 * DashScope's text-embedding models take 10 inputs per request and 8,192
 * tokens per input (Model Studio text-embedding page, 2026-12 audit in the
 * project's DashScope notes); more inputs are refused with 400
 * "batch size is invalid, it should not be larger than 10.: input.contents".
 */
export const DASHSCOPE_EMBEDDING_LIMITS: EmbeddingLimits = { maxInputsPerRequest: 10, maxInputTokens: 8192 };
