import { AegisError } from '../../errors.js';
import type { ProviderCall, ProviderCompletion } from '../provider-call.js';
import { buildChatBody } from './build-chat-body.js';
import { mapFinishReason } from './map-finish-reason.js';
import { readUsage, type WireUsage } from './read-usage.js';
import { toAegisError, type ErrorContext } from './to-aegis-error.js';
import { readJson, type WireClient } from './wire-client.js';

interface WireCompletion {
  choices?: Array<{
    message?: {
      content?: string | null;
      reasoning_content?: string | null;
      tool_calls?: Array<{ id?: string | null; function?: { name?: string | null; arguments?: string | null } | null }> | null;
    } | null;
    finish_reason?: string | null;
  }> | null;
  usage?: WireUsage | null;
}

/** One non-streamed chat call. */
export async function completeChat(client: WireClient, call: ProviderCall, ctx: Omit<ErrorContext, 'signal' | 'model'>): Promise<ProviderCompletion> {
  const errorCtx: ErrorContext = { ...ctx, model: call.model, signal: call.signal };
  let response: WireCompletion;
  try {
    const body = buildChatBody(call, ctx.spec, false);
    response = ((await readJson(await client.post('/chat/completions', body, call.signal))) ?? {}) as WireCompletion;
  } catch (error) {
    throw toAegisError(error, errorCtx);
  }
  const choice = response.choices?.[0];
  if (!choice?.message) {
    throw new AegisError('bad_response', `${ctx.spec.label} (${call.model}) answered without a message.`, {
      provider: ctx.provider,
      model: call.model,
    });
  }
  const reasoning = choice.message.reasoning_content ?? undefined;
  const toolCalls = (choice.message.tool_calls ?? []).map((call, index) => ({
    id: call.id || `call_${index}`,
    name: call.function?.name ?? '',
    arguments: call.function?.arguments ?? '',
  }));
  return {
    text: choice.message.content ?? '',
    ...(reasoning ? { reasoning } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    finishReason: mapFinishReason(choice.finish_reason) ?? 'unknown',
    usage: readUsage(response.usage),
  };
}
