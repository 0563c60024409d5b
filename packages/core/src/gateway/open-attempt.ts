import { worstCaseCost } from '../cost/worst-case-cost.js';
import { AegisError } from '../errors.js';
import type { Reservation } from '../ledger/ledger.js';
import type { ProviderCall } from '../providers/provider-call.js';
import type { AttemptContext } from '../routing/run-options.js';
import type { ChatMessage, ChatRequest, ProviderStreamPart, Target } from '../types.js';
import { completionToParts } from './completion-to-parts.js';
import type { GatewayContext } from './gateway-context.js';

export interface AttemptInput {
  requestId: string;
  request: ChatRequest;
  messages: ChatMessage[];
  promptTokens: number;
  /** Ask the upstream for a stream (else one answer, turned into parts). */
  streaming: boolean;
  /**
   * Called when this attempt's first delta is handed to the consumer: from
   * then on the request owns the reservation and settles it.
   */
  onServing(reservation: Reservation): void;
}

/**
 * One attempt at one target: reserve the worst case on its provider's budget,
 * call the upstream, and give the reservation back if the attempt fails before
 * anything reached the consumer (the next target then reserves its own).
 */
export async function openAttempt(
  ctx: GatewayContext,
  input: AttemptInput,
  target: Target,
  attempt: AttemptContext,
): Promise<AsyncIterable<ProviderStreamPart>> {
  const provider = ctx.providers.get(target.provider);
  if (!provider) {
    throw new AegisError('not_configured', `Unknown provider "${target.provider}".`, { provider: target.provider });
  }
  await provider.prepare();
  const entry = ctx.catalog.get(target.provider, target.model);
  // The output can be no longer than the cap asked for, the model's limit, or
  // what the context window leaves; with none known the worst case is unknown.
  const maxOutputTokens =
    input.request.maxTokens ??
    entry?.maxOutputTokens ??
    (entry?.contextWindow === undefined ? undefined : Math.max(0, entry.contextWindow - input.promptTokens));
  const reservation = await ctx.ledger.reserve({
    id: `${input.requestId}.${attempt.attemptNumber}`,
    provider: target.provider,
    model: target.model,
    worstCaseMicroUsd:
      maxOutputTokens === undefined
        ? undefined
        : worstCaseCost({
            inputTokens: input.promptTokens,
            maxOutputTokens,
            pricing: ctx.catalog.pricingOf(target.provider, target.model),
            cnyPerUsd: ctx.config.currency.cnyPerUsd,
          }),
  });
  // Given up while the reservation was being made (deadline, caller): give
  // it back now; nobody will ever read the attempt.
  if (attempt.signal.aborted) {
    await ctx.ledger.release(reservation);
    throw attempt.signal.reason;
  }
  const call: ProviderCall = {
    model: target.model,
    messages: input.messages,
    maxTokens: input.request.maxTokens,
    temperature: input.request.temperature,
    thinking: input.request.thinking,
    thinkingBudget: input.request.thinkingBudget,
    signal: attempt.signal,
  };
  const parts = input.streaming ? provider.stream(call) : completionToParts(provider.complete(call));
  return guardReservation(ctx, parts, reservation, input.onServing, attempt.signal);
}

function releaseQuietly(ctx: GatewayContext, reservation: Reservation): void {
  ctx.ledger.release(reservation).catch((error: unknown) => {
    ctx.logger.error('could not release a budget reservation', { id: reservation.id, error: String(error) });
  });
}

/**
 * Passes the attempt's parts through and gives its reservation back unless
 * the attempt served the request (first delta, or a clean end). Also when the
 * attempt is abandoned before it was ever read: an async generator that never
 * started does not run its `finally`, so the abort listener is registered
 * here, outside the generator body.
 */
function guardReservation(
  ctx: GatewayContext,
  parts: AsyncIterable<ProviderStreamPart>,
  reservation: Reservation,
  onServing: (reservation: Reservation) => void,
  signal: AbortSignal,
): AsyncIterable<ProviderStreamPart> {
  const state = { handedOver: false, released: false };
  const release = () => {
    if (state.handedOver || state.released) return;
    state.released = true;
    releaseQuietly(ctx, reservation);
  };
  signal.addEventListener('abort', release, { once: true });

  async function* guarded(): AsyncGenerator<ProviderStreamPart, void, undefined> {
    try {
      for await (const part of parts) {
        if (!state.handedOver && (part.type === 'text-delta' || part.type === 'reasoning-delta')) {
          state.handedOver = true;
          onServing(reservation);
        }
        yield part;
      }
      if (!state.handedOver) {
        // An empty answer is still an answer: the request settles it.
        state.handedOver = true;
        onServing(reservation);
      }
    } finally {
      signal.removeEventListener('abort', release);
      release();
    }
  }
  return guarded();
}
