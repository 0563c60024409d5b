import { z } from 'zod';
import { AegisError } from '../errors.js';
import type { ChatRequest } from '../types.js';

const contentPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string().min(1) }) }),
]);

const imageUrl = z
  .string()
  .refine((s) => /^(https?:\/\/|data:image\/)/.test(s), 'must be an http(s) URL or a data:image/... URL');

/** The gateway's own check of a request, whichever surface sent it. */
export const chatRequestSchema = z.object({
  model: z.string().min(1).optional(),
  fallbacks: z.array(z.string().min(1)).optional(),
  task: z.string().min(1).optional(),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'user', 'assistant']),
        content: z.union([z.string(), z.array(contentPart).min(1)]),
      }),
    )
    .optional(),
  prompt: z.string().optional(),
  system: z.string().optional(),
  images: z.array(imageUrl).optional(),
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  thinking: z.boolean().optional(),
  thinkingBudget: z.number().int().positive().optional(),
  timeoutMs: z.number().int().positive().optional(),
});

/** Throws a bad_request naming the first wrong field and what it should be. */
export function validateRequest(request: ChatRequest): void {
  // Most requests are plainly valid; zod then only costs time. Anything the
  // quick check is not sure of goes to zod, which has the last word.
  if (isPlainlyValid(request)) return;
  const { signal: _signal, ...plain } = request;
  const parsed = chatRequestSchema.safeParse(plain);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'request';
  throw new AegisError('bad_request', `Invalid request: ${field}: ${issue?.message ?? 'invalid value'}.`, {
    details: { field },
  });
}

const ROLES: ReadonlySet<unknown> = new Set(['system', 'user', 'assistant']);
const optional = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);
const nonEmptyString = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const positiveInteger = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * True only for a request chatRequestSchema accepts: text messages, no
 * images, every field of the right type. False means "ask zod", not "invalid".
 */
function isPlainlyValid(request: ChatRequest): boolean {
  const { messages, fallbacks, temperature } = request;
  return (
    optional(request.model, nonEmptyString) &&
    optional(request.task, nonEmptyString) &&
    optional(request.prompt, (v) => typeof v === 'string') &&
    optional(request.system, (v) => typeof v === 'string') &&
    optional(request.thinking, (v) => typeof v === 'boolean') &&
    optional(request.maxTokens, positiveInteger) &&
    optional(request.thinkingBudget, positiveInteger) &&
    optional(request.timeoutMs, positiveInteger) &&
    (temperature === undefined || (typeof temperature === 'number' && temperature >= 0 && temperature <= 2)) &&
    request.images === undefined &&
    (fallbacks === undefined || (Array.isArray(fallbacks) && fallbacks.every(nonEmptyString))) &&
    (messages === undefined ||
      (Array.isArray(messages) &&
        messages.every(
          (m) => typeof m === 'object' && m !== null && !Array.isArray(m) && ROLES.has(m.role) && typeof m.content === 'string',
        )))
  );
}
