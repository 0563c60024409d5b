import { estimateMessagesTokens } from '../cost/estimate-messages-tokens.js';
import { priceUsage } from '../cost/price-usage.js';
import { AegisError } from '../errors.js';
import type { Reservation, RequestReport } from '../ledger/ledger.js';
import { noUsableTargetError } from '../routing/no-usable-target-error.js';
import { formatTarget } from '../routing/parse-target.js';
import { planTargets, type TargetPlan } from '../routing/plan-targets.js';
import { runStreamWithFallback, type RoutedStream, type RoutedStreamPart } from '../routing/run-stream-with-fallback.js';
import { relay, type RelayingGenerator, withRelay } from '../streams/with-relay.js';
import type { ChatRequest, ChatResult, FinishReason, StreamEvent, Target, Usage } from '../types.js';
import { buildMessages, hasImages } from './build-messages.js';
import { explainSkips } from './explain-skips.js';
import { finalizeUsage } from './finalize-usage.js';
import type { GatewayContext } from './gateway-context.js';
import { openAttempt } from './open-attempt.js';
import { validateRequest } from './validate-request.js';

interface Progress {
  text: string;
  reasoning: string;
  usage?: Omit<Usage, 'estimated'>;
  finishReason?: FinishReason;
  reservation?: Reservation;
}

/**
 * One request from plan to ledger, as public stream events. `chat` collects
 * these same events, so budget, fallback and accounting live here once.
 * `streaming` is the caller's wish; upstreams are asked to stream also for
 * one-answer calls unless `routing.streamUpstream` is off, so a hung upstream
 * is caught by the idle timer and time to first token is known.
 */
export function runRequest(ctx: GatewayContext, request: ChatRequest, streaming: boolean): AsyncIterableIterator<StreamEvent> {
  return withRelay(requestEvents(ctx, request, streaming));
}

async function* requestEvents(
  ctx: GatewayContext,
  request: ChatRequest,
  streaming: boolean,
): RelayingGenerator<RoutedStreamPart, StreamEvent> {
  const started = ctx.clock.now();
  const requestId = ctx.newId();
  const progress: Progress = { text: '', reasoning: '' };
  let plan: TargetPlan | undefined;
  let routed: RoutedStream | undefined;
  let promptTokens = 0;
  let settled = false;
  let parts: AsyncIterator<RoutedStreamPart> | undefined;
  // True while `parts` is open: neither finished nor failed.
  let reading = false;

  const recordDelta = (part: { type: 'text-delta' | 'reasoning-delta'; delta: string }): void => {
    if (part.type === 'text-delta') progress.text += part.delta;
    else progress.reasoning += part.delta;
  };
  const forwardDelta = (step: IteratorResult<RoutedStreamPart>): IteratorResult<StreamEvent> | undefined => {
    if (step.done || (step.value.type !== 'text-delta' && step.value.type !== 'reasoning-delta')) return undefined;
    recordDelta(step.value);
    return step as IteratorResult<StreamEvent>;
  };

  const partial = (): ChatResult => buildResult(ctx, started, progress, plan, routed, promptTokens);

  /**
   * Records the request and charges it. The write is started, not awaited:
   * the answer does not wait for the disk (the ledger's own reads wait for
   * its writes, and close() for all of them); a failed write is logged.
   */
  const charge = (outcome: RequestReport['outcome']): ChatResult => {
    settled = true;
    const result = partial();
    // A request refused before any target was tried (bad input, nothing
    // usable) cost nothing and is not a provider request: not recorded.
    if (!routed) return result;
    const report: RequestReport = {
      task: request.task,
      usage: result.usage,
      costMicroUsd: result.costMicroUsd,
      latencyMs: result.latencyMs,
      ttftMs: result.timeToFirstTokenMs,
      outcome,
      attempts: result.attempts.length,
      fallbackFrom: fallbackFrom(plan, routed?.target),
    };
    const last = routed.attempts.at(-1) ?? plan?.targets[0] ?? plan?.skipped[0];
    const writing = progress.reservation
      ? outcome === 'ok'
        ? ctx.ledger.settle(progress.reservation, report)
        : ctx.ledger.release(progress.reservation, report)
      : // Nothing was delivered by any target: record the failed request at no cost.
        ctx.ledger.record({
          ...report,
          usage: undefined,
          costMicroUsd: 0,
          id: requestId,
          provider: last?.provider ?? 'none',
          model: last?.model ?? 'none',
          startedAt: started,
        });
    writing.catch((error: unknown) =>
      ctx.logger.error('could not record a request in the ledger', {
        id: requestId,
        error: ctx.redact(error instanceof Error ? error.message : String(error)),
      }),
    );
    return result;
  };

  try {
    validateRequest(request);
    const messages = buildMessages(request);
    promptTokens = estimateMessagesTokens(messages);
    plan = planTargets(request, {
      routes: ctx.routes,
      providers: ctx.planProviders,
      lookup: (t) => ctx.catalog.peek(t.provider, t.model),
      resolveBareModel: (id) => ctx.catalog.findByModel(id).map((e) => ({ provider: e.provider, model: e.model })),
      isCoolingDown: (t) => ctx.cooldown.isCoolingDown(t),
      estimatePromptTokens: promptTokens,
      wantsImages: hasImages(messages),
      wantsThinking: request.thinking === true,
      maxOutputTokens: request.maxTokens,
    });
    if (plan.targets.length === 0) throw noUsableTargetError(plan);

    const timeoutMs = request.timeoutMs ?? ctx.config.routing.requestTimeoutMs;
    const upstreamStreaming = streaming || ctx.config.routing.streamUpstream;
    routed = runStreamWithFallback(
      plan.targets,
      (target, attempt) =>
        openAttempt(
          ctx,
          {
            requestId,
            request,
            messages,
            promptTokens,
            streaming: upstreamStreaming,
            onServing: (reservation) => {
              progress.reservation = reservation;
            },
          },
          target,
          attempt,
        ),
      {
        settings: ctx.config.routing,
        deadline: started + timeoutMs,
        signal: request.signal,
        clock: ctx.clock,
        sleep: ctx.sleep,
        random: ctx.random,
        cooldown: ctx.cooldown,
        redact: ctx.redact,
        attemptTimeoutMs: ctx.config.routing.attemptTimeoutMs,
        // A one-answer upstream call sends nothing until it is done: no idle timer.
        ...(upstreamStreaming ? {} : { idleTimeoutMs: Number.POSITIVE_INFINITY }),
      },
    );

    parts = routed[Symbol.asyncIterator]();
    reading = true;
    const source = parts;
    let given: IteratorResult<RoutedStreamPart> | undefined;
    for (;;) {
      const step = given ?? (await source.next());
      given = undefined;
      if (step.done) break;
      const part = step.value;
      switch (part.type) {
        case 'start':
          yield { type: 'start', provider: part.target.provider, model: part.target.model };
          break;
        case 'fallback':
          yield part;
          break;
        case 'text-delta':
        case 'reasoning-delta': {
          recordDelta(part);
          yield part;
          // Deltas go straight through from here, without resuming this
          // generator per part (streams/with-relay.ts); anything else comes back.
          const end = yield relay<RoutedStreamPart, StreamEvent>({ read: () => source.next(), forward: forwardDelta });
          if (end === undefined) throw new Error('withRelay resumes a relay with how it ended.');
          if ('error' in end) throw end.error;
          given = end.step;
          break;
        }
        case 'usage':
          progress.usage = part.usage;
          break;
        case 'finish':
          progress.finishReason = part.finishReason;
          break;
      }
    }
    reading = false;
    const result = charge('ok');
    yield { type: 'usage', usage: result.usage };
    yield { type: 'done', result };
  } catch (thrown) {
    // The routed stream threw (or never started): nothing left to close.
    reading = false;
    const error = explainSkips(
      thrown instanceof AegisError
        ? thrown
        : new AegisError('upstream_unavailable', `Unexpected failure: ${ctx.redact(String(thrown))}`),
      routed ? (plan?.skipped ?? []) : [],
    );
    progress.finishReason = error.kind === 'cancelled' ? 'cancelled' : 'error';
    const result = settled ? partial() : charge(error.kind);
    yield { type: 'error', error, partial: result };
  } finally {
    try {
      // The consumer stopped reading early: end the routed stream first (it
      // records its last attempt, which the charge reports), as the
      // `for await` this loop replaces did.
      if (reading) await parts?.return?.();
    } finally {
      // What was delivered is still charged.
      if (!settled && (progress.reservation || routed)) {
        progress.finishReason = 'cancelled';
        charge('cancelled');
      }
    }
  }
}

function fallbackFrom(plan: TargetPlan | undefined, served: Target | undefined): string | undefined {
  const first = plan?.targets[0];
  if (!first || !served) return undefined;
  return first.provider === served.provider && first.model === served.model ? undefined : formatTarget(first);
}

function buildResult(
  ctx: GatewayContext,
  started: number,
  progress: Progress,
  plan: TargetPlan | undefined,
  routed: RoutedStream | undefined,
  promptTokens: number,
): ChatResult {
  const target = routed?.target ?? routed?.attempts.at(-1) ?? plan?.targets[0];
  const delivered = progress.text.length > 0 || progress.reasoning.length > 0 || progress.usage !== undefined;
  const usage: Usage = delivered
    ? finalizeUsage(progress.usage, promptTokens, progress)
    : { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false };
  const pricing = target ? ctx.catalog.peekPricing(target.provider, target.model) : undefined;
  const costMicroUsd = delivered ? priceUsage(usage, pricing, { cnyPerUsd: ctx.config.currency.cnyPerUsd }) : 0;
  return {
    provider: target?.provider ?? 'none',
    model: target?.model ?? 'none',
    text: progress.text,
    ...(progress.reasoning ? { reasoning: progress.reasoning } : {}),
    finishReason: progress.finishReason ?? 'unknown',
    usage,
    costMicroUsd,
    latencyMs: ctx.clock.now() - started,
    timeToFirstTokenMs: routed?.timeToFirstDeltaMs,
    attempts: [...(routed?.attempts ?? [])],
    skipped: [...(plan?.skipped ?? []), ...(routed?.skipped ?? [])],
  };
}
