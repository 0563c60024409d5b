import { AegisError } from '../../errors.js';
import type { EmbedCall, ProviderEmbeddings } from '../embed-call.js';
import { toAegisError, type ErrorContext } from './to-aegis-error.js';
import { readJson, type WireClient } from './wire-client.js';

interface WireEmbeddings {
  data?: Array<{ index?: unknown; embedding?: unknown } | null> | null;
  usage?: { prompt_tokens?: unknown; total_tokens?: unknown } | null;
}

/**
 * One `POST /embeddings`. `encoding_format: "float"` is always sent: it is
 * the only format DashScope's compatible mode documents (the openai SDK,
 * left to itself, asks for base64). The answer is checked
 * whole (one finite vector per input, all of one length) before it is used:
 * a vector store fed a short or missing vector is corrupted silently.
 */
export async function createEmbeddings(client: WireClient, call: EmbedCall, ctx: Omit<ErrorContext, 'signal' | 'model'>): Promise<ProviderEmbeddings> {
  const where = `${ctx.spec.label} (${call.model})`;
  let response: WireEmbeddings;
  try {
    const body = {
      model: call.model,
      input: call.inputs,
      encoding_format: 'float',
      ...(call.dimensions === undefined ? {} : { dimensions: call.dimensions }),
    };
    response = ((await readJson(await client.post('/embeddings', body, call.signal))) ?? {}) as WireEmbeddings;
  } catch (error) {
    throw toAegisError(error, { ...ctx, model: call.model, signal: call.signal });
  }
  const bad = (why: string) =>
    new AegisError('bad_response', `${where} sent embeddings that cannot be used: ${why}.`, { provider: ctx.provider, model: call.model });
  const data = Array.isArray(response.data) ? response.data : [];
  if (data.length !== call.inputs.length) throw bad(`${data.length} vectors for ${call.inputs.length} inputs`);
  const vectors = new Array<number[] | undefined>(call.inputs.length);
  data.forEach((item, position) => {
    // `index` says which input a vector is for; servers that leave it out send them in order.
    const index = typeof item?.index === 'number' ? item.index : position;
    const embedding = item?.embedding;
    if (!Number.isInteger(index) || index < 0 || index >= vectors.length || vectors[index] !== undefined) throw bad(`index ${String(index)} out of place`);
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw bad(`vector ${index} is not a list of numbers`);
    }
    vectors[index] = embedding as number[];
  });
  const length = vectors[0]?.length;
  if (vectors.some((v) => v?.length !== length)) throw bad('vectors of different lengths');
  if (call.dimensions !== undefined && length !== call.dimensions) throw bad(`${String(length)} dimensions, ${call.dimensions} asked for`);
  const sent = response.usage?.prompt_tokens ?? response.usage?.total_tokens;
  // As sent, a non-number as NaN: the gateway bounds the figure and flags what
  // it cannot take as suspect (cost/bound-usage.ts), as chat's readUsage does.
  const inputTokens = sent === undefined || sent === null ? undefined : typeof sent === 'number' ? sent : Number.NaN;
  return { vectors: vectors as number[][], ...(inputTokens === undefined ? {} : { inputTokens }) };
}
