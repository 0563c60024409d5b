import type OpenAI from 'openai';
import { AegisError } from '../../errors.js';
import type { FinishReason, ProviderStreamPart, Usage } from '../../types.js';
import type { ProviderCall } from '../provider-call.js';
import { buildChatBody } from './build-chat-body.js';
import { mapFinishReason } from './map-finish-reason.js';
import { readUsage, type WireUsage } from './read-usage.js';
import { abortToAegisError, toAegisError, type ErrorContext } from './to-aegis-error.js';

export interface StreamContext extends Omit<ErrorContext, 'signal' | 'model'> {
  /** A stream that sends nothing for this long ends with a timeout. */
  idleTimeoutMs: number;
}

interface WireDelta {
  content?: string | null;
  reasoning_content?: string | null;
}
interface WireChunk {
  choices?: Array<{ delta?: WireDelta | null; finish_reason?: string | null }> | null;
  usage?: WireUsage | null;
}

function idleTimeout(ms: number): DOMException {
  return new DOMException(`no data for ${ms} ms`, 'TimeoutError');
}

/**
 * One streamed chat call as provider parts. Failures throw AegisError (the
 * gateway turns them into the public `error` part). The upstream socket is
 * released on every exit: normal end, error, idle timeout, caller abort, or a
 * consumer that stops iterating early.
 */
export async function* streamChat(
  client: OpenAI,
  call: ProviderCall,
  ctx: StreamContext,
): AsyncGenerator<ProviderStreamPart, void, undefined> {
  const local = new AbortController();
  const signal = call.signal ? AbortSignal.any([call.signal, local.signal]) : local.signal;
  const errorCtx: ErrorContext = { ...ctx, model: call.model, signal };
  let timer: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(timer);
    timer = setTimeout(() => local.abort(idleTimeout(ctx.idleTimeoutMs)), ctx.idleTimeoutMs);
  };

  let finished = false;
  try {
    armIdle();
    const body = buildChatBody(call, ctx.spec, true);
    const stream = (await client.chat.completions.create(
      body as unknown as OpenAI.ChatCompletionCreateParamsStreaming,
      { signal },
    )) as AsyncIterable<WireChunk>;

    let usage: Omit<Usage, 'estimated'> | undefined;
    let finishReason: FinishReason | undefined;
    for await (const chunk of stream) {
      armIdle();
      if (chunk.usage) usage = readUsage(chunk.usage) ?? usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const reasoning = choice.delta?.reasoning_content;
      if (reasoning) yield { type: 'reasoning-delta', delta: reasoning };
      const content = choice.delta?.content;
      if (content) yield { type: 'text-delta', delta: content };
      finishReason = mapFinishReason(choice.finish_reason) ?? finishReason;
    }
    if (finishReason === undefined) {
      throw new AegisError(
        'upstream_unavailable',
        `${ctx.spec.label} (${call.model}) closed the stream before it finished.`,
        { provider: ctx.provider, model: call.model },
      );
    }
    if (usage) yield { type: 'usage', usage };
    finished = true;
    yield { type: 'finish', finishReason };
  } catch (error) {
    // An abort can surface as a quietly ended body: the abort reason is the truth.
    throw signal.aborted ? abortToAegisError(signal.reason, errorCtx) : toAegisError(error, errorCtx);
  } finally {
    clearTimeout(timer);
    // Early exit by the consumer (or an error): make sure the socket goes.
    if (!finished) local.abort(new DOMException('stream closed', 'AbortError'));
  }
}
