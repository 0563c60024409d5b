import type { AnswerPlan } from './plan-answer.ts';
import { DEFAULT_CHUNKS } from './plan-answer.ts';
import { splitIntoChunks } from './split-chunks.ts';
import type { Scenario } from './types.ts';

export interface WireContext {
  /** `chatcmpl-...`, the same on every chunk of one answer. */
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
}

/**
 * The SSE events of a streamed answer, without the closing `data: [DONE]`:
 * reasoning chunks, then answer chunks (the first chunk carries the role, the
 * last answer chunk the finish_reason), then, only when the request asked with
 * `stream_options.include_usage` and usage is reported, a chunk with
 * `choices: []` and the usage. OpenAI sends `usage: null` on the other chunks
 * in that case, so do we.
 */
export function buildStreamEvents(plan: AnswerPlan, scenario: Scenario, context: WireContext, includeUsage: boolean): string[] {
  const events: string[] = [];
  const hasReasoning = plan.reasoning !== '';
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): string => {
    if (events.length === 0) delta = { role: 'assistant', ...delta };
    const body: Record<string, unknown> = {
      id: context.id,
      object: 'chat.completion.chunk',
      created: context.created,
      model: context.model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (includeUsage) body.usage = null;
    return sse(body);
  };

  const chunks = scenario.chunks ?? DEFAULT_CHUNKS;
  if (hasReasoning) {
    for (const piece of splitIntoChunks(plan.reasoning, scenario.reasoningChunks ?? chunks)) {
      events.push(chunk({ content: null, reasoning_content: piece }, null));
    }
  }
  const hasCalls = plan.toolCalls.length > 0;
  // An answer of tool calls alone sends no text chunks.
  const pieces = hasCalls && plan.text === '' ? [] : splitIntoChunks(plan.text, chunks);
  pieces.forEach((piece, i) => {
    const delta: Record<string, unknown> = hasReasoning ? { content: piece, reasoning_content: null } : { content: piece };
    events.push(chunk(delta, i === pieces.length - 1 && !hasCalls ? plan.finishReason : null));
  });
  // OpenAI's shape: a call's first piece has its index, id, type and name
  // with empty arguments; the arguments follow in pieces with the index only.
  const argumentPieces = scenario.toolCallChunks ?? chunks;
  plan.toolCalls.forEach((call, index) => {
    events.push(chunk({ content: null, tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, null));
    for (const piece of splitIntoChunks(call.arguments, argumentPieces)) {
      events.push(chunk({ content: null, tool_calls: [{ index, function: { arguments: piece } }] }, null));
    }
  });
  if (hasCalls) events.push(chunk({}, plan.finishReason));

  if (includeUsage && plan.usage !== undefined) {
    events.push(
      sse({
        id: context.id,
        object: 'chat.completion.chunk',
        created: context.created,
        model: context.model,
        system_fingerprint: null,
        choices: [],
        usage: plan.usage,
      }),
    );
  }
  return events;
}

export const DONE_EVENT = 'data: [DONE]\n\n';

/** A `data:` line whose JSON stops in the middle of a string. */
export function malformedEvent(context: WireContext): string {
  return `data: {"id":"${context.id}","object":"chat.completion.chunk","created":${context.created},"choices":[{"index":0,"delta":{"content":"unterminated\n\n`;
}

/** The non-stream `chat.completion` body. */
export function buildCompletion(plan: AnswerPlan, context: WireContext): string {
  const message: Record<string, unknown> = { role: 'assistant', content: plan.text };
  if (plan.reasoning !== '') message.reasoning_content = plan.reasoning;
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  }
  const body: Record<string, unknown> = {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    system_fingerprint: null,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
  };
  if (plan.usage !== undefined) body.usage = plan.usage;
  return JSON.stringify(body);
}

/** `GET /models` body. */
export function buildModelList(models: readonly string[], created: number): string {
  return JSON.stringify({ object: 'list', data: models.map((id) => modelEntry(id, created)) });
}

export function modelEntry(id: string, created: number): Record<string, unknown> {
  return { id, object: 'model', created, owned_by: 'system' };
}

function sse(body: unknown): string {
  return `data: ${JSON.stringify(body)}\n\n`;
}
