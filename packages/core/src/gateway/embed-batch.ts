import { USAGE_SLACK_TOKENS } from '../cost/bound-usage.js';
import { priceUsage } from '../cost/price-usage.js';
import { worstCaseCost } from '../cost/worst-case-cost.js';
import { AegisError } from '../errors.js';
import { callWithFallback } from '../routing/call-with-fallback.js';
import { createFallbackRun, type RoutedRun } from '../routing/fallback-run.js';
import { formatTarget } from '../routing/parse-target.js';
import type { RunOptions } from '../routing/run-options.js';
import type { EmbedRequest, Target, Usage } from '../types.js';
import { budgetPricing, requireKnownCost } from './budget-pricing.js';
import { finalizeUsage } from './finalize-usage.js';
import type { GatewayContext } from './gateway-context.js';
import type { EmbedBatch, EmbedTarget } from './plan-embed.js';

export interface BatchInput {
  requestId: string;
  /** 0-based; the ledger record of the batch is `<requestId>.<index + 1>.<attempt>`. */
  index: number;
  batch: EmbedBatch;
  targets: readonly EmbedTarget[];
  /** The target the request asked for: a batch another one serves records it as `fallbackFrom`. */
  askedFor: Target;
  request: EmbedRequest;
  options: Omit<RunOptions, 'deadline'>;
  timeoutMs: number;
}

export interface BatchResult {
  target: Target;
  vectors: number[][];
  usage: Usage;
  costMicroUsd: number | undefined;
  run: RoutedRun;
}

export interface BatchFailure {
  error: AegisError;
  run: RoutedRun;
}

export type BatchOutcome = ({ ok: true } & BatchResult) | ({ ok: false } & BatchFailure);

/**
 * One upstream embeddings request, with the retries, fallback and cooldown
 * of chat (routing/call-with-fallback.ts). Each attempt reserves the batch's
 * worst case on its provider's budget first (the input estimate plus slack
 * at the input price: embeddings have no output), refused before anything
 * is sent when the model is unpriced under a budget; an answered attempt is
 * settled (recorded, kind `embed`) before the batch counts as done, a failed
 * one gives its reservation back. A batch that fails on every target is
 * recorded once at no cost, as a failed chat request is.
 */
export async function embedBatch(ctx: GatewayContext, input: BatchInput): Promise<BatchOutcome> {
  const { batch, request, targets } = input;
  const started = ctx.clock.now();
  const run = createFallbackRun(targets, { ...input.options, deadline: started + input.timeoutMs });
  const cnyPerUsd = ctx.config.currency.cnyPerUsd;
  const first = targets[0] as EmbedTarget;
  const { askedFor } = input;
  // An attempt of this batch was charged and recorded (vectors refused after the upstream did the work).
  let charged = false;
  try {
    const { value } = await callWithFallback(run, async (target, context) => {
      const provider = ctx.providers.get(target.provider);
      if (provider === undefined) throw new AegisError('not_configured', `Unknown provider "${target.provider}".`, { provider: target.provider });
      await provider.prepare();
      const pricing = budgetPricing(ctx, target);
      const worstCaseMicroUsd = worstCaseCost({ inputTokens: batch.estimatedTokens + USAGE_SLACK_TOKENS, maxOutputTokens: 0, pricing, cnyPerUsd });
      requireKnownCost(ctx, target, worstCaseMicroUsd, request.tags);
      const reservation = await ctx.ledger.reserve({
        id: `${input.requestId}.${input.index + 1}.${context.attemptNumber}`,
        provider: target.provider,
        model: target.model,
        worstCaseMicroUsd,
        ...(request.tags === undefined ? {} : { tags: request.tags }),
      });
      if (context.signal.aborted) {
        await ctx.ledger.release(reservation);
        throw context.signal.reason;
      }
      context.markSent();
      let answer;
      try {
        answer = await provider.embed({ model: target.model, inputs: batch.texts, dimensions: request.dimensions, signal: context.signal });
      } catch (error) {
        ctx.ledger.release(reservation).catch((failure: unknown) => {
          ctx.logger.error('could not release a budget reservation', { id: reservation.id, error: String(failure) });
        });
        throw error;
      }
      const reported =
        answer.inputTokens === undefined ? undefined : { inputTokens: answer.inputTokens, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };
      const usage = finalizeUsage(
        reported,
        batch.estimatedTokens,
        { text: '', reasoning: '' },
        { promptTokens: batch.estimatedTokens + USAGE_SLACK_TOKENS, maxOutputTokens: 0 },
      );
      let costMicroUsd = priceUsage(usage, pricing, { cnyPerUsd });
      // Suspect figures are charged at most what was reserved for them (as for chat, build-result.ts).
      if (usage.suspect && costMicroUsd !== undefined && worstCaseMicroUsd !== undefined) costMicroUsd = Math.min(costMicroUsd, worstCaseMicroUsd);
      const report = {
        kind: 'embed' as const,
        tags: request.tags,
        usage,
        costMicroUsd,
        latencyMs: ctx.clock.now() - started,
        attempts: context.attemptNumber,
        ...(target.provider === askedFor.provider && target.model === askedFor.model ? {} : { fallbackFrom: formatTarget(askedFor) }),
      };
      // Vectors of another length than planned would corrupt a store (and void the same-length fallback rule).
      const planned = (target as EmbedTarget).dimensions;
      const length = answer.vectors[0]?.length;
      if (planned !== undefined && length !== planned) {
        // The upstream did the work: charged, and recorded as the failure it is.
        await ctx.ledger.release(reservation, { ...report, outcome: 'bad_response' });
        charged = true;
        throw new AegisError(
          'bad_response',
          `${formatTarget(target)} sent vectors of ${String(length)} dimensions where ${planned} were expected (the dimensions asked, or the catalog's "embedding.dimensions"): check the model's entry under "models".`,
          { provider: target.provider, model: target.model, retryable: false, fallbackable: true },
        );
      }
      // Recorded before the vectors count as delivered ("delivered means recorded", issue 15).
      await ctx.ledger.settle(reservation, { ...report, outcome: 'ok' });
      return { vectors: answer.vectors, usage, costMicroUsd };
    });
    return { ok: true, target: run.target ?? first, ...value, run };
  } catch (thrown) {
    const error = thrown instanceof AegisError ? thrown : new AegisError('upstream_unavailable', `Unexpected failure: ${ctx.redact(String(thrown))}`);
    // Recorded once: the charged attempt's record stands for the failed batch.
    if (run.attempts.length > 0 && !charged) {
      const last = run.attempts.at(-1) ?? first;
      ctx.ledger
        .record({
          kind: 'embed',
          tags: request.tags,
          id: `${input.requestId}.${input.index + 1}`,
          provider: last.provider,
          model: last.model,
          startedAt: started,
          usage: undefined,
          costMicroUsd: 0,
          latencyMs: ctx.clock.now() - started,
          outcome: error.kind,
          attempts: run.attempts.length,
        })
        .catch((failure: unknown) => {
          ctx.logger.error('could not record a request in the ledger', { id: input.requestId, error: ctx.redact(String(failure)) });
        });
    }
    return { ok: false, error, run };
  }
}
