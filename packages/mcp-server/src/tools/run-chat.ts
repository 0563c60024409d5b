import type { AegisError, ChatRequest, ChatResult, Gateway } from '@aegis-llm/core';

export interface FallbackTaken {
  from: string;
  to: string;
  /** The error kind that caused it. */
  reason: string;
}

export type ChatOutcome =
  | { ok: true; result: ChatResult; fallbacks: FallbackTaken[] }
  | { ok: false; error: AegisError; partial: ChatResult; fallbacks: FallbackTaken[] };

/** Called for each delta as it arrives (the chat tool turns these into progress notifications). */
export type OnDelta = (kind: 'text' | 'reasoning', delta: string) => Promise<void> | void;

/**
 * One chat through the gateway's stream, so deltas can be passed on while they
 * arrive and a cancelled or failed call still reports what was delivered (the
 * core charges it). The stream never throws: its failure is the last event.
 */
export async function runChat(gateway: Gateway, request: ChatRequest, onDelta?: OnDelta): Promise<ChatOutcome> {
  const fallbacks: FallbackTaken[] = [];
  for await (const event of gateway.stream(request)) {
    switch (event.type) {
      case 'text-delta':
        await onDelta?.('text', event.delta);
        break;
      case 'reasoning-delta':
        await onDelta?.('reasoning', event.delta);
        break;
      case 'fallback':
        fallbacks.push({
          from: `${event.from.provider}/${event.from.model}`,
          to: `${event.to.provider}/${event.to.model}`,
          reason: event.error.kind,
        });
        break;
      case 'done':
        return { ok: true, result: event.result, fallbacks };
      case 'error':
        return { ok: false, error: event.error, partial: event.partial, fallbacks };
    }
  }
  throw new Error('The gateway stream ended without an answer.');
}
