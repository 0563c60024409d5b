import type { AegisError, ChatRequest, ChatResult, Gateway } from '@aegis-llm/core';

export type ChatOutcome = { ok: true; result: ChatResult } | { ok: false; error: AegisError; partial: ChatResult };

/** Called for each delta as it arrives (the chat tool turns these into progress notifications). */
export type OnDelta = (kind: 'text' | 'reasoning', delta: string) => Promise<void> | void;

/** Called when the gateway falls back from one target to the next (the chat tool logs it to the client). */
export type OnFallback = (event: { from: string; to: string; kind: string; message: string }) => Promise<void> | void;

/**
 * One chat through the gateway's stream, so deltas can be passed on while they
 * arrive and a cancelled or failed call still reports what was delivered (the
 * core charges it). The stream never throws: its failure is the last event.
 */
export async function runChat(gateway: Gateway, request: ChatRequest, onDelta?: OnDelta, onFallback?: OnFallback): Promise<ChatOutcome> {
  for await (const event of gateway.stream(request)) {
    switch (event.type) {
      case 'text-delta':
        await onDelta?.('text', event.delta);
        break;
      case 'reasoning-delta':
        await onDelta?.('reasoning', event.delta);
        break;
      case 'fallback':
        await onFallback?.({
          from: `${event.from.provider}/${event.from.model}`,
          to: `${event.to.provider}/${event.to.model}`,
          kind: event.error.kind,
          message: event.error.message,
        });
        break;
      case 'done':
        return { ok: true, result: event.result };
      case 'error':
        return { ok: false, error: event.error, partial: event.partial };
      case 'start':
      case 'tool-call-delta':
      case 'tool-call':
      case 'usage':
        // The tool passes text on as it comes; the serving model, tool calls
        // and usage reach the caller whole, in the result of `done`.
        break;
    }
  }
  throw new Error('The gateway stream ended without an answer.');
}
