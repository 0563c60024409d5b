import { z } from 'zod';
import { AegisError } from '../errors.js';
import { checkTags } from '../tags/check-tags.js';
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
  allowedTargets: z.array(z.string().min(1)).optional(),
  // Checked by checkTags (the rule shared with ChatRequest.tags), before zod: its records drop a `__proto__` key.
  tags: z.unknown().optional(),
  timeoutMs: z.number().positive().optional(),
});

/** @throws AegisError `bad_request` naming the field (`input.3`, `dimensions`), before anything is sent. */
export function validateEmbedRequest(request: EmbedRequest): void {
  // Before zod: its union would only say "Invalid input" of a list too long.
  if (Array.isArray(request.input) && request.input.length > EMBED_MAX_INPUTS) {
    invalid('input', `holds ${request.input.length} texts, more than ${EMBED_MAX_INPUTS}; split the job into several calls`);
  }
  if (request.tags !== undefined) {
    const checked = checkTags(request.tags);
    if ('problem' in checked) invalid(checked.problem.field, checked.problem.message);
  }
  const { signal: _signal, ...plain } = request;
  const parsed = schema.safeParse(plain);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  invalid(issue?.path.join('.') || 'request', issue?.message ?? 'invalid value');
}

function invalid(field: string, message: string): never {
  throw new AegisError('bad_request', `Invalid embed request: ${field}: ${message}.`, { details: { field } });
}

/** The inputs as a list, in order. */
export function embedInputs(request: EmbedRequest): readonly string[] {
  return typeof request.input === 'string' ? [request.input] : request.input;
}
