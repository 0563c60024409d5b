import { AegisError } from '../../errors.js';
import { createIdleWatchdog } from '../../time/create-idle-watchdog.js';
import type { FinishReason, ProviderStreamPart, Usage } from '../../types.js';
import type { ProviderCall } from '../provider-call.js';
import { createToolCallAssembler } from './assemble-tool-calls.js';
import { buildChatBody } from './build-chat-body.js';
import { mapFinishReason } from './map-finish-reason.js';
import { readSseChunks, type SseChunks } from './read-sse-chunks.js';
import { readUsage } from './read-usage.js';
import { abortToAegisError, toAegisError, type ErrorContext } from './to-aegis-error.js';
import type { WireChunk } from './wire-chunk.js';
import type { WireClient } from './wire-client.js';
import { relay, type RelayingGenerator, withRelay } from '../../streams/with-relay.js';

export interface StreamContext extends Omit<ErrorContext, 'signal' | 'model'> {
  /** A stream that sends nothing for this long ends with a timeout. */
  idleTimeoutMs: number;
}

/**
 * Worded as the attempt scope's own idle abort (routing/attempt-scope.ts):
 * both watch the same silence with the same length, and whichever timer
 * fires first, the caller reads one message.
 */
function idleTimeout(ctx: StreamContext, model: string): AegisError {
  return new AegisError('timeout', `${ctx.provider}/${model} sent nothing for ${ctx.idleTimeoutMs} ms.`, {
    provider: ctx.provider,
    model,
    retryable: false,
  });
}

/**
 * A chunk that is only more text (nearly every chunk of a long answer) as its
 * part, handed straight to the consumer; undefined for any other chunk, which
 * goes back to the generator's full handling below.
 */
function plainText(step: IteratorResult<WireChunk>): IteratorResult<ProviderStreamPart> | undefined {
  if (step.done || step.value.usage) return undefined;
  const choice = step.value.choices?.[0];
  const delta = choice?.delta;
  if (!delta?.content || delta.reasoning_content || delta.tool_calls || (choice?.finish_reason != null && choice.finish_reason !== 'null')) return undefined;
  return { done: false, value: { type: 'text-delta', delta: delta.content } };
}

/**
 * One streamed chat call as provider parts. Failures throw AegisError (the
 * gateway turns them into the public `error` part). The upstream socket is
 * released on every exit: normal end, error, idle timeout, caller abort, or a
 * consumer that stops iterating early.
 */
export function streamChat(client: WireClient, call: ProviderCall, ctx: StreamContext): AsyncIterableIterator<ProviderStreamPart> {
  return withRelay(streamParts(client, call, ctx));
}

async function* streamParts(client: WireClient, call: ProviderCall, ctx: StreamContext): RelayingGenerator<WireChunk, ProviderStreamPart> {
  // The caller's signal is linked by hand rather than with AbortSignal.any,
  // which costs more per request than the rest of this setup together.
  const local = new AbortController();
  const signal = local.signal;
  const caller = call.signal;
  let chunks: SseChunks | undefined;
  // True while `chunks` is open: neither finished nor failed (then it is owed a return()).
  let reading = false;
  let finished = false;
  let usage: Omit<Usage, 'estimated'> | undefined;
  let finishReason: FinishReason | undefined;
  const toolCalls = createToolCallAssembler();
  // call.coalesce: the deltas after the first, not yet handed on.
  const coalesce = call.coalesce === true;
  let delivering = false;
  let heldReasoning = '';
  let heldText = '';
  function* handOnHeld(): Generator<ProviderStreamPart, void, unknown> {
    if (heldReasoning) yield { type: 'reasoning-delta', delta: heldReasoning };
    if (heldText) yield { type: 'text-delta', delta: heldText };
    heldReasoning = '';
    heldText = '';
  }
  /**
   * Stops the call (the socket goes). A stream stopped before its end may
   * have its usage chunk already received, unread (an upstream sends the
   * last chunks together): the upstream reported it, so it is handed to
   * `onLateUsage` rather than lost to an estimate. Before the abort, which
   * drops what was received.
   */
  const stop = (reason: unknown): void => {
    if (signal.aborted) return;
    if (!finished && usage === undefined && reading && chunks) {
      for (const chunk of chunks.takeBuffered()) usage = (chunk.usage ? readUsage(chunk.usage) : undefined) ?? usage;
      if (usage) call.onLateUsage?.(usage);
    }
    local.abort(reason);
  };
  const onCallerAbort = (): void => stop(caller?.reason);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  const errorCtx: ErrorContext = { ...ctx, model: call.model, signal };
  const idle = createIdleWatchdog({
    ms: ctx.idleTimeoutMs,
    onIdle: () => stop(idleTimeout(ctx, call.model)),
    // As the plain timer it replaces: a stream in progress keeps the process up.
    unref: false,
  });

  try {
    idle.arm();
    const body = buildChatBody(call, ctx.spec, true);
    // The answer's body unread: its chunks are read by readSseChunks (see there why not the SDK's Stream).
    const response = await client.post('/chat/completions', body, signal);
    const source = readSseChunks(response, signal);
    chunks = source;
    reading = true;
    const read = (): Promise<IteratorResult<WireChunk>> => source.next();
    // Idle counts from the last chunk received.
    const forward = (step: IteratorResult<WireChunk>): IteratorResult<ProviderStreamPart> | undefined => {
      idle.arm();
      return plainText(step);
    };

    let given: IteratorResult<WireChunk> | undefined;
    for (;;) {
      const step = given ?? (await read());
      given = undefined;
      idle.arm();
      if (step.done) break;
      const chunk = step.value;
      const choice = chunk.choices?.[0];
      const reasoning = choice?.delta?.reasoning_content;
      const content = choice?.delta?.content;
      if (coalesce && delivering) {
        if (reasoning) heldReasoning += reasoning;
        if (content) heldText += content;
      } else {
        if (reasoning) yield { type: 'reasoning-delta', delta: reasoning };
        if (content) yield { type: 'text-delta', delta: content };
        delivering = Boolean(reasoning || content);
      }
      const calls = choice?.delta?.tool_calls;
      // Whatever comes after the held deltas goes after them.
      const more =
        (calls !== undefined && calls !== null && calls.length > 0) ||
        chunk.usage ||
        (choice && choice.finish_reason != null && choice.finish_reason !== 'null');
      if (coalesce && more) yield* handOnHeld();
      if (calls && calls.length > 0) yield* toolCalls.push(calls);
      if (choice) finishReason = mapFinishReason(choice.finish_reason) ?? finishReason;
      // The answer is over: every call it made is whole.
      if (finishReason !== undefined) yield* toolCalls.finish();
      // Handed on as soon as it comes, not at the end: a stream that breaks
      // after it is still charged what the upstream reported.
      const reported = chunk.usage ? readUsage(chunk.usage) : undefined;
      if (reported) {
        usage = reported;
        yield { type: 'usage', usage };
      }
      if (!choice || coalesce) continue;
      // Plain text chunks go straight through (../../streams/with-relay.ts);
      // any other chunk, the end or a failure comes back here.
      const end = yield relay({ read, forward });
      if (end === undefined) throw new Error('withRelay resumes a relay with how it ended.');
      if ('error' in end) throw end.error;
      given = end.step;
    }
    reading = false;
    yield* handOnHeld();
    if (finishReason === undefined) {
      throw new AegisError('upstream_unavailable', `${ctx.spec.label} (${call.model}) closed the stream before it finished.`, {
        provider: ctx.provider,
        model: call.model,
      });
    }
    finished = true;
    yield* toolCalls.finish();
    yield { type: 'finish', finishReason };
  } catch (error) {
    // The chunks failed (or never came): nothing left to close.
    reading = false;
    // What was received is delivered (a failed one-answer chat reports it as partial).
    yield* handOnHeld();
    // The finish reason and the usage are the answer's last two chunks
    // (usage comes last, `choices: []`, right before `[DONE]`): a connection
    // that breaks after both lost nothing but the terminator. The answer is
    // finished, and charged as reported. (Broken before the usage, it stays a
    // failure charged at the estimate; cancelled, it is the caller's abort.)
    if (!signal.aborted && finishReason !== undefined && usage !== undefined) {
      yield* toolCalls.finish();
      yield { type: 'finish', finishReason };
      return;
    }
    // An abort can surface as a quietly ended body: the abort reason is the truth.
    throw signal.aborted ? abortToAegisError(signal.reason, errorCtx) : toAegisError(error, errorCtx);
  } finally {
    idle.dispose();
    caller?.removeEventListener('abort', onCallerAbort);
    // Early exit by the consumer (or an error): make sure the socket goes.
    if (!finished) stop(new DOMException('stream closed', 'AbortError'));
    // What `for await` did for a consumer that left early: close the chunks.
    if (reading) await chunks?.return?.();
  }
}
