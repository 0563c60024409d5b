import { z } from 'zod';
import { AegisError } from '../errors.js';
import type { EmbedRequest } from '../types.js';

/**
 * The most inputs one `embed` call takes, however the gateway batches them:
 * OpenAI's own limit per embeddings request, so `POST /v1/embeddings` refuses
 * what OpenAI refuses. A larger ingestion is several calls (and each call's
 * batches are recorded as they finish).
 */
export const EMBED_MAX_INPUTS = 2048;

const schema = z.object({
  model: z.string().min(1, 'must name a model (provider/model, e.g. dashscope/text-embedding-v4)'),
  input: z.union([
    z.string().min(1, 'must not be empty'),
    z
      .array(z.string().min(1, 'must not be empty'))
      .min(1, 'must hold at least one text')
      .max(EMBED_MAX_INPUTS, `holds more than ${EMBED_MAX_INPUTS} texts; split the job into several calls`),
  ]),
  dimensions: z.int().positive().optional(),
  fallbacks: z.array(z.string().min(1)).optional(),
  // The request-tag rule shared with ChatRequest.tags (notes/shared-interfaces.md).
  tags: z
    .record(z.string().regex(/^[a-z0-9_.:-]{1,64}$/, 'tag names are 1-64 of a-z 0-9 _ . : -'), z.string().min(1).max(256))
    .refine((tags) => Object.keys(tags).length <= 32, 'at most 32 tags')
    .optional(),
  timeoutMs: z.number().positive().optional(),
});

/** @throws AegisError `bad_request` naming the field (`input.3`, `dimensions`), before anything is sent. */
export function validateEmbedRequest(request: EmbedRequest): void {
  const { signal: _signal, ...plain } = request;
  const parsed = schema.safeParse(plain);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'request';
  throw new AegisError('bad_request', `Invalid embed request: ${field}: ${issue?.message ?? 'invalid value'}.`, { details: { field } });
}

/** The inputs as a list, in order. */
export function embedInputs(request: EmbedRequest): readonly string[] {
  return typeof request.input === 'string' ? [request.input] : request.input;
}
