import { AegisError } from '../errors.js';
import type { Reservation } from '../ledger/ledger.js';
import type { ProviderCall } from '../providers/provider-call.js';
import type { AttemptContext } from '../routing/run-options.js';
import type { ChatMessage, ChatRequest, ProviderStreamPart, Target, Usage } from '../types.js';
import { completionToParts } from './completion-to-parts.js';
import { requireKnownCost } from './budget-pricing.js';
import { guardReservation } from './guard-reservation.js';
import { nameReplacement } from './name-replacement.js';
import type { GatewayContext } from './gateway-context.js';
import { planOutput, type OutputPlan } from './plan-output.js';

export interface AttemptInput {
  requestId: string;
  request: ChatRequest;
  messages: ChatMessage[];
  promptTokens: number;
  /** Ask the upstream for a stream (else one answer, turned into parts). */
  streaming: boolean;
  /** The caller wants one answer from that stream: few parts, not one per chunk (ProviderCall.coalesce). */
  coalesce?: boolean;
  /** How long the upstream's stream may send nothing (ProviderCall.idleTimeoutMs). */
  idleTimeoutMs: number;
  /**
   * Called when this attempt's first delta is handed to the consumer: from
   * then on the request owns the reservation and settles it, its usage
   * bounded by `output` (what the reservation priced).
   */
  onServing(reservation: Reservation, output: OutputPlan): void;
  /** The serving attempt's usage, found as it stopped early (ProviderCall.onLateUsage). */
  onLateUsage(usage: Omit<Usage, 'estimated'>): void;
  /** The request's task thinks by default (THINKING_TASKS): hybrid targets get thinking on unless the request set it. */
  thinkByDefault?: boolean;
}

/**
 * One attempt at one target: reserve the worst case on its provider's budget,
 * call the upstream with the caps that worst case priced (plan-output.ts),
 * and give the reservation back if the attempt fails before anything reached
 * the consumer (the next target then reserves its own).
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
  const entry = ctx.catalog.peek(target.provider, target.model);
  const thinkingOnly = entry?.capabilities.includes('thinking-only') ?? false;
  const hybrid = !thinkingOnly && (entry?.capabilities.includes('thinking') ?? false);
  const request = input.request.thinking === undefined && input.thinkByDefault && hybrid ? { ...input.request, thinking: true } : input.request;
  const output = planOutput(ctx, request, target, provider.spec, input.promptTokens);
  requireKnownCost(ctx, target, output.worstCaseMicroUsd, request.tags);
  const reservation = await ctx.ledger.reserve({
    id: `${input.requestId}.${attempt.attemptNumber}`,
    provider: target.provider,
    model: target.model,
    worstCaseMicroUsd: output.worstCaseMicroUsd,
    ...(request.tags === undefined ? {} : { tags: request.tags }),
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
    maxTokens: output.caps ? output.caps.maxTokens : request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    stop: request.stop,
    seed: request.seed,
    presencePenalty: request.presencePenalty,
    frequencyPenalty: request.frequencyPenalty,
    user: request.user,
    tools: request.tools,
    toolChoice: request.toolChoice,
    parallelToolCalls: request.parallelToolCalls,
    responseFormat: request.responseFormat,
    thinking: request.thinking,
    thinkingBudget: output.caps ? output.caps.thinkingBudget : request.thinkingBudget,
    thinkingOnly,
    signal: attempt.signal,
    ...(input.coalesce ? { coalesce: true } : {}),
    idleTimeoutMs: input.idleTimeoutMs,
    // Only the attempt that served the request is charged its usage.
    onLateUsage: (usage) => {
      if (serving) input.onLateUsage(usage);
    },
  };
  let serving = false;
  const opened = input.streaming ? provider.stream(call) : completionToParts(provider.complete(call));
  const parts = nameReplacement(opened, entry);
  return guardReservation(parts, {
    signal: attempt.signal,
    handOver: () => {
      serving = true;
      input.onServing(reservation, output);
    },
    release: () => releaseQuietly(ctx, reservation),
  });
}

function releaseQuietly(ctx: GatewayContext, reservation: Reservation): void {
  ctx.ledger.release(reservation).catch((error: unknown) => {
    ctx.logger.error('could not release a budget reservation', { id: reservation.id, error: String(error) });
  });
}
