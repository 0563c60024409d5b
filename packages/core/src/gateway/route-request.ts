import { requestLifeMs } from '../config/request-life-ms.js';
import { estimateMessagesTokens, estimateRequestExtrasTokens } from '../cost/estimate-messages-tokens.js';
import { noUsableTargetError } from '../routing/no-usable-target-error.js';
import type { OpenStreamFn } from '../routing/part-source.js';
import { THINKING_TASKS } from '../routing/default-routes.js';
import { planTargets } from '../routing/plan-targets.js';
import type { RunOptions } from '../routing/run-options.js';
import type { ChatRequest, Target } from '../types.js';
import { buildMessages, hasImages } from './build-messages.js';
import type { GatewayContext } from './gateway-context.js';
import { type AttemptInput, openAttempt } from './open-attempt.js';
import type { RequestAccount } from './request-account.js';
import { requiredCapabilities } from './required-capabilities.js';
import { validateRequest } from './validate-request.js';

export interface RequestRoute {
  targets: readonly Target[];
  open: OpenStreamFn;
  options: RunOptions;
}

/**
 * Checks a request and plans it: the targets to try, how to open an attempt
 * at one (budget reservation, upstream call) and the executor's options. The
 * plan and the prompt estimate go into `account`. `streaming` is the caller's
 * wish; upstreams are asked to stream also for one-answer calls unless
 * `routing.streamUpstream` is off, so a hung upstream is caught by the idle
 * timer and time to first token is known.
 *
 * @throws AegisError `bad_request` for bad input, or when no target is usable.
 */
export function routeRequest(ctx: GatewayContext, request: ChatRequest, streaming: boolean, account: RequestAccount): RequestRoute {
  validateRequest(request);
  const messages = buildMessages(request);
  const promptTokens = estimateMessagesTokens(messages) + estimateRequestExtrasTokens(request.tools, request.responseFormat);
  account.promptTokens = promptTokens;
  const plan = planTargets(request, {
    routes: ctx.routes,
    providers: ctx.planProviders,
    lookup: (t) => ctx.catalog.peek(t.provider, t.model),
    resolveBareModel: (id) => ctx.catalog.findByModel(id).map((e) => ({ provider: e.provider, model: e.model })),
    isCoolingDown: (t) => ctx.cooldown.isCoolingDown(t),
    cooldownCause: (t) => {
      const status = ctx.cooldown.status(t);
      return status && { kind: status.lastErrorKind, message: status.lastErrorMessage };
    },
    estimatePromptTokens: promptTokens,
    wantsImages: hasImages(messages),
    wantsThinking: request.thinking === true,
    needs: requiredCapabilities(request),
    capabilitiesOf: (t) => ctx.catalog.peekCapabilities(t.provider, t.model),
    maxOutputTokens: request.maxTokens,
  });
  account.plan = plan;
  if (plan.targets.length === 0) throw noUsableTargetError(plan);

  const routing = ctx.config.routing;
  // The deadline is for silence; a request that is delivering may run to
  // maxRequestMs (config/types.ts). Its own timeout cannot outlive the
  // reservation's lease, which requestLifeMs bounds.
  const timeoutMs = Math.min(request.timeoutMs ?? routing.requestTimeoutMs, requestLifeMs(routing));
  // A request that sets its own, longer timeout may also be silent that long
  // (a slow first token after a long prompt): the idle timer must not cut
  // what the request said it will wait for.
  // A connection test's step timeout is a cap, not a wait it asked for: a
  // silent upstream is caught there as in any request.
  const ownWait = request.timeoutMs !== undefined && account.kind !== 'test';
  const idleTimeoutMs = ownWait ? Math.max(routing.streamIdleTimeoutMs, timeoutMs) : routing.streamIdleTimeoutMs;
  const upstreamStreaming = streaming || routing.streamUpstream;
  const input: AttemptInput = {
    requestId: account.requestId,
    request,
    messages,
    promptTokens,
    streaming: upstreamStreaming,
    coalesce: upstreamStreaming && !streaming,
    idleTimeoutMs,
    onServing: (reservation, output) => {
      account.progress.reservation = reservation;
      account.progress.output = output;
    },
    onLateUsage: (usage) => {
      account.progress.usage ??= usage;
    },
    thinkByDefault: plan.source === 'task' && plan.task !== undefined && THINKING_TASKS.has(plan.task),
  };
  return {
    targets: plan.targets,
    open: (target, attempt) => openAttempt(ctx, input, target, attempt),
    options: {
      settings: ctx.config.routing,
      deadline: account.started + timeoutMs,
      deliveringDeadline: account.started + requestLifeMs(routing),
      signal: request.signal,
      clock: ctx.clock,
      sleep: ctx.sleep,
      random: ctx.random,
      cooldown: ctx.cooldown,
      redact: ctx.redact,
      attemptTimeoutMs: ctx.config.routing.attemptTimeoutMs,
      // A one-answer upstream call sends nothing until it is done: no idle
      // timer. A one-answer call over a stream reads few parts (coalesced):
      // the idle timer watches it to its first delta, the provider's own
      // watchdog every chunk of its body.
      idleTimeoutMs: upstreamStreaming ? idleTimeoutMs : Number.POSITIVE_INFINITY,
      ...(upstreamStreaming && !streaming ? { idleUntilDelivering: true } : {}),
    },
  };
}
