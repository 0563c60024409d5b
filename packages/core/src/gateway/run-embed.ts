import { AegisError } from '../errors.js';
import { formatUsd } from '../money/money.js';
import type { RoutedRun } from '../routing/fallback-run.js';
import type { RunOptions } from '../routing/run-options.js';
import type { Attempt, EmbedRequest, EmbedResult, SkippedTarget } from '../types.js';
import { embedBatch, type BatchResult } from './embed-batch.js';
import { fallbacksTaken } from './fallbacks-taken.js';
import type { GatewayContext } from './gateway-context.js';
import { planEmbed } from './plan-embed.js';
import { validateEmbedRequest } from './validate-embed-request.js';

/** Upstream batches of one `embed` call in flight at once (after the first, which picks the model). */
export const EMBED_CONCURRENCY = 4;

/**
 * The gateway's `embed`: check the request and plan its batches
 * (plan-embed.ts), then run them (embed-batch.ts). The first batch runs
 * alone and may fall back; the model that serves it serves every other
 * batch, EMBED_CONCURRENCY at a time, so all vectors of one call come from
 * one model. The vectors come back in input order.
 *
 * A batch that fails (after its retries) stops the call: batches not yet
 * started are not sent, those in flight are cancelled, and the error says
 * how many batches were embedded and charged before it (`details.embed`).
 * Each batch is its own ledger record, so what was charged stays counted.
 */
export async function runEmbed(ctx: GatewayContext, request: EmbedRequest): Promise<EmbedResult> {
  validateEmbedRequest(request);
  const plan = planEmbed(ctx, request);
  const requestId = ctx.newId();
  const started = ctx.clock.now();
  const stop = new AbortController();
  const onCallerAbort = () => stop.abort(request.signal?.reason);
  if (request.signal?.aborted) onCallerAbort();
  request.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const options: Omit<RunOptions, 'deadline'> = {
    settings: ctx.config.routing,
    signal: stop.signal,
    clock: ctx.clock,
    sleep: ctx.sleep,
    random: ctx.random,
    cooldown: ctx.cooldown,
    redact: ctx.redact,
    attemptTimeoutMs: ctx.config.routing.attemptTimeoutMs,
    // One answer at the end, nothing before it: no idle timer.
    idleTimeoutMs: Number.POSITIVE_INFINITY,
  };
  const timeoutMs = request.timeoutMs ?? ctx.config.routing.requestTimeoutMs;
  const results = new Array<BatchResult | undefined>(plan.batches.length);
  const runs: RoutedRun[] = [];
  let failure: AegisError | undefined;
  const runBatch = async (index: number, targets: typeof plan.targets): Promise<void> => {
    const outcome = await embedBatch(ctx, { requestId, index, batch: plan.batches[index]!, targets, askedFor: plan.targets[0]!, request, options, timeoutMs });
    runs[index] = outcome.run;
    if (outcome.ok) results[index] = outcome;
    else if (failure === undefined) {
      failure = outcome.error;
      stop.abort(outcome.error);
    }
  };

  try {
    await runBatch(0, plan.targets);
    const served = results[0]?.target;
    if (served !== undefined) {
      const pinned = plan.targets.filter((t) => t.provider === served.provider && t.model === served.model);
      let next = 1;
      const worker = async (): Promise<void> => {
        while (failure === undefined && next < plan.batches.length) await runBatch(next++, pinned);
      };
      await Promise.all(Array.from({ length: Math.min(EMBED_CONCURRENCY, plan.batches.length - 1) }, worker));
    }
  } finally {
    request.signal?.removeEventListener('abort', onCallerAbort);
  }

  const done = results.filter((r): r is BatchResult => r !== undefined);
  const attempts = runs.flatMap((run) => (run === undefined ? [] : run.attempts.map(toAttempt)));
  const skipped: SkippedTarget[] = [...plan.skipped, ...runs.flatMap((run) => run?.skipped ?? [])];
  const cost = done.every((r) => r.costMicroUsd !== undefined) ? done.reduce((sum, r) => sum + (r.costMicroUsd ?? 0), 0) : undefined;
  if (failure !== undefined || done.length !== plan.batches.length) {
    const error = failure ?? new AegisError('upstream_unavailable', 'The embeddings were not all produced.');
    const embed = { batches: plan.batches.length, batchesEmbedded: done.length, costMicroUsd: cost, attempts, skipped };
    const charged =
      done.length === 0
        ? ''
        : ` ${done.length} of ${plan.batches.length} batches had been embedded and charged (${cost === undefined ? 'unpriced' : formatUsd(cost)}); their vectors are not returned.`;
    throw error.with({ message: `${error.message}${charged}`, details: { ...error.details, embed } });
  }
  const first = done[0]!;
  const embeddings = done.flatMap((r) => r.vectors);
  return {
    provider: first.target.provider,
    model: first.target.model,
    dimensions: embeddings[0]?.length ?? 0,
    embeddings,
    usage: { inputTokens: done.reduce((sum, r) => sum + r.usage.inputTokens, 0), estimated: done.some((r) => r.usage.estimated) },
    ...(cost === undefined ? {} : { costMicroUsd: cost }),
    latencyMs: ctx.clock.now() - started,
    batches: plan.batches.length,
    attempts,
    skipped,
    fallbacks: fallbacksTaken(runs[0]?.attempts ?? []),
  };
}

function toAttempt(attempt: Attempt): Attempt {
  const { provider, model, outcome, status, waitedMs, latencyMs } = attempt;
  return status === undefined ? { provider, model, outcome, waitedMs, latencyMs } : { provider, model, outcome, status, waitedMs, latencyMs };
}
