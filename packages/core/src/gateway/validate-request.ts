import { z } from 'zod';
import { AegisError } from '../errors.js';
import type { ChatRequest } from '../types.js';
import { checkTags } from '../tags/check-tags.js';
import { checkToolUse } from './check-tool-use.js';

const contentPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string().min(1) }) }),
]);

const imageUrl = z.string().refine((s) => /^(https?:\/\/|data:image\/)/.test(s), 'must be an http(s) URL or a data:image/... URL');

const jsonObject = z.record(z.string(), z.unknown());
const toolName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');

const toolCall = z.object({
  id: z.string().min(1),
  name: toolName,
  arguments: z.string(),
});

const toolDefinition = z.object({
  name: toolName,
  description: z.string().optional(),
  parameters: jsonObject.optional(),
  strict: z.boolean().optional(),
});

const responseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: toolName,
    schema: jsonObject,
    strict: z.boolean().optional(),
    description: z.string().optional(),
  }),
]);

/** Each field's shape; chatRequestSchema adds the checks across fields. */
const requestFields = z.object({
  model: z.string().min(1).optional(),
  fallbacks: z.array(z.string().min(1)).optional(),
  providers: z.array(z.string().min(1)).min(1).optional(),
  allowedTargets: z.array(z.string().min(1)).optional(),
  tags: z.unknown().optional(),
  task: z.string().min(1).optional(),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'user', 'assistant', 'tool']),
        content: z.union([z.string(), z.array(contentPart).min(1)]),
        toolCalls: z.array(toolCall).min(1).optional(),
        toolCallId: z.string().min(1).optional(),
      }),
    )
    .optional(),
  prompt: z.string().optional(),
  system: z.string().optional(),
  images: z.array(imageUrl).optional(),
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  stop: z.array(z.string().min(1)).min(1).max(4).optional(),
  seed: z.number().int().optional(),
  presencePenalty: z.number().min(-2).max(2).optional(),
  frequencyPenalty: z.number().min(-2).max(2).optional(),
  user: z.string().min(1).max(256).optional(),
  tools: z.array(toolDefinition).max(128).optional(),
  toolChoice: z.union([z.enum(['auto', 'none', 'required']), z.object({ name: toolName })]).optional(),
  parallelToolCalls: z.boolean().optional(),
  responseFormat: responseFormat.optional(),
  thinking: z.boolean().optional(),
  thinkingBudget: z.number().int().positive().optional(),
  timeoutMs: z.number().int().positive().optional(),
});

/** The gateway's own check of a request, whichever surface sent it. */
export const chatRequestSchema = requestFields.superRefine((request, ctx) => {
  const checked = request.tags === undefined ? undefined : checkTags(request.tags);
  if (checked && 'problem' in checked) {
    const { field, message } = checked.problem;
    ctx.addIssue({ code: 'custom', path: field === 'tags' ? ['tags'] : ['tags', field.slice('tags.'.length)], message });
  }
  const problem = checkToolUse(request as ChatRequest);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), message: problem.message });
});

/** Throws a bad_request naming the first wrong field and what it should be. */
export function validateRequest(request: ChatRequest): void {
  // Tags are checked apart from zod: its records drop a `__proto__` key, and
  // a tag of that name is as ordinary as any other.
  if (request.tags !== undefined) {
    const checked = checkTags(request.tags);
    if ('problem' in checked) throw invalid(checked.problem.field, checked.problem.message);
  }
  // Most requests are plainly valid; zod then only costs time. Anything the
  // quick check is not sure of goes to zod, which has the last word.
  if (isPlainlyValid(request)) return;
  const { signal: _signal, ...plain } = request;
  const parsed = chatRequestSchema.safeParse(plain);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  throw invalid(issue?.path.join('.') || 'request', issue?.message ?? 'invalid value');
}

function invalid(field: string, message: string): AegisError {
  return new AegisError('bad_request', `Invalid request: \`${field}\`: ${message}.`, { details: { field } });
}

const ROLES: ReadonlySet<unknown> = new Set(['system', 'user', 'assistant']);
const optional = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);
const nonEmptyString = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const positiveInteger = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) > 0;

/** Fields the quick check leaves to zod and checkToolUse whenever they are set. */
const CHECKED_IN_FULL = [
  'providers',
  'allowedTargets',
  'tags',
  'topP',
  'stop',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'user',
  'tools',
  'toolChoice',
  'parallelToolCalls',
  'responseFormat',
] as const;

/**
 * True only for a request chatRequestSchema accepts: text messages, no
 * images, every field of the right type, none of the tool, format or
 * sampling fields. False means "ask zod", not "invalid".
 */
function isPlainlyValid(request: ChatRequest): boolean {
  const { messages, fallbacks, temperature } = request;
  return (
    CHECKED_IN_FULL.every((field) => request[field] === undefined) &&
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
          (m) =>
            typeof m === 'object' &&
            m !== null &&
            !Array.isArray(m) &&
            ROLES.has(m.role) &&
            typeof m.content === 'string' &&
            m.toolCalls === undefined &&
            m.toolCallId === undefined,
        )))
  );
}
