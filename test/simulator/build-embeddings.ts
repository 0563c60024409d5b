import type { EmbeddingsAsk } from './check-embeddings-body.ts';
import { hashEmbedding, toBase64Float32 } from './hash-embedding.ts';
import type { Scenario } from './types.ts';
import { countTokens } from './usage.ts';

/** The body of an embeddings answer, OpenAI's shape (DashScope's compatible mode copies it). */
export function buildEmbeddings(ask: EmbeddingsAsk, scenario: Scenario, context: { id: string; model: string }): string {
  const data = ask.inputs.map((text, index) => {
    const vector = hashEmbedding(text, ask.dimensions);
    return { object: 'embedding', index, embedding: ask.base64 ? toBase64Float32(vector) : vector };
  });
  const tokens = ask.inputs.reduce((sum, text) => sum + countTokens(text), 0);
  const mode = scenario.usage ?? 'present';
  const override = typeof mode === 'object' ? mode : {};
  const promptTokens = mode === 'zero' ? 0 : (override.promptTokens ?? tokens);
  // A scenario's rawUsage goes out as it is (hostile figures), as for chat.
  const usage =
    scenario.rawUsage ??
    (mode === 'absent' ? undefined : { prompt_tokens: promptTokens, total_tokens: mode === 'zero' ? 0 : (override.totalTokens ?? promptTokens) });
  return JSON.stringify({ object: 'list', data, model: context.model, id: context.id, ...(usage ? { usage } : {}) });
}
