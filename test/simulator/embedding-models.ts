/**
 * The embedding models the simulator serves and their limits, as the
 * providers document them (reference/dashscope.md, 2026-12 audit; OpenAI's
 * embeddings guide and API reference).
 */
export interface SimEmbeddingModel {
  /** Vector length when the request sends no `dimensions`. */
  defaultDimensions: number;
  /** Lengths a request may ask for; undefined: any from 1 to defaultDimensions (OpenAI's text-embedding-3-*). */
  dimensions?: readonly number[];
  /** Inputs one request may carry. */
  maxInputs: number;
  /** Tokens one input may have. */
  maxInputTokens: number;
  /** The error wording for a batch too large: DashScope's own, or OpenAI's. */
  style: 'dashscope' | 'openai';
}

export const DEFAULT_EMBEDDING_MODELS: ReadonlyMap<string, SimEmbeddingModel> = new Map<string, SimEmbeddingModel>([
  // text-embedding-v4: 64-2048 dimensions (default 1024), 10 inputs per request, 8,192 tokens per input.
  [
    'text-embedding-v4',
    { defaultDimensions: 1024, dimensions: [2048, 1536, 1024, 768, 512, 256, 128, 64], maxInputs: 10, maxInputTokens: 8192, style: 'dashscope' },
  ],
  // text-embedding-v3: 1024 (default), 768, 512, 256, 128, 64; 10 inputs, 8,192 tokens.
  ['text-embedding-v3', { defaultDimensions: 1024, dimensions: [1024, 768, 512, 256, 128, 64], maxInputs: 10, maxInputTokens: 8192, style: 'dashscope' }],
  // OpenAI: 2,048 inputs per request, 8,191 tokens per input; dimensions shortens the vector.
  ['text-embedding-3-small', { defaultDimensions: 1536, maxInputs: 2048, maxInputTokens: 8191, style: 'openai' }],
  ['text-embedding-3-large', { defaultDimensions: 3072, maxInputs: 2048, maxInputTokens: 8191, style: 'openai' }],
]);
