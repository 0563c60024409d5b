/**
 * A core embed answer in OpenAI's embeddings shape (`object: "list"`), the
 * vectors as floats or, for `encoding_format: "base64"`, as OpenAI sends
 * them: the little-endian float32 bytes, base64-encoded (the openai SDKs ask
 * for base64 by default and decode it). Aegis's facts go under `aegis`.
 */
import type { EmbedResult } from '@aegis-llm/core';

/** A vector as OpenAI's base64 encoding: float32, little-endian. */
export function toBase64Vector(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

export function toEmbeddingList(result: EmbedResult, encoding: 'float' | 'base64') {
  return {
    object: 'list' as const,
    data: result.embeddings.map((vector, index) => ({
      object: 'embedding' as const,
      index,
      embedding: encoding === 'base64' ? toBase64Vector(vector) : vector,
    })),
    model: `${result.provider}/${result.model}`,
    usage: { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens },
    aegis: {
      provider: result.provider,
      model: result.model,
      dimensions: result.dimensions,
      costMicroUsd: result.costMicroUsd ?? null,
      fellBack: result.fallbacks.length > 0,
      fallbacks: result.fallbacks,
      usageEstimated: result.usage.estimated,
      batches: result.batches,
      latencyMs: result.latencyMs,
      attempts: result.attempts,
      ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}),
    },
  };
}
