import { budgetedTag, budgetInForce } from './budgets-in-force.js';
import { USAGE_SLACK_TOKENS, type UsageLimits } from '../cost/bound-usage.js';
import { worstCaseCost } from '../cost/worst-case-cost.js';
import { sharedOutputCap, type OutputCaps, type ProviderSpec } from '../kinds/provider-spec.js';
import type { ChatRequest, Target } from '../types.js';
import { budgetPricing } from './budget-pricing.js';
import type { GatewayContext } from './gateway-context.js';

/** What one attempt may produce and cost: reserved before it is sent, and the bounds of its usage after. */
export interface OutputPlan {
  /** The caps to send; undefined when none is known (no catalog entry, no max_tokens): nothing is sent. */
  caps?: OutputCaps;
  /** The usage bounds (caps plus slack) the reservation priced. */
  limits: UsageLimits;
  /** The reservation: the most the attempt can cost, in micro-USD; undefined when unpriced or uncapped. */
  worstCaseMicroUsd?: number;
  /** Sent in thinking mode (thinking asked for, or a thinking-only model): its output bills at the thinking price. */
  thinking: boolean;
}

/**
 * The output cap sent and reserved, under a budget, for a model of which no
 * max output or context window is known and a request without maxTokens
 * (an AnyLLM model priced by its credential, a model priced only in config).
 * An answer that needs more says `finish_reason: length`; send maxTokens or
 * give the model a maxOutputTokens under `models` to change it.
 */
export const BUDGETED_DEFAULT_OUTPUT_CAP = 4096;

/**
 * The cap rule (README "Money"): the cap that is reserved is the cap that is
 * sent. The answer's cap is the caller's `maxTokens` (a larger one than the
 * model's is reserved as asked, and sent), else the model's max output, else
 * what the context window leaves; the provider kind says how it is applied
 * (ProviderSpec.outputCaps: DashScope caps reasoning apart, with
 * `thinking_budget`). The reservation prices those caps plus
 * USAGE_SLACK_TOKENS each, so usage within the slack still fits it. With no
 * cap known at all, under a budget BUDGETED_DEFAULT_OUTPUT_CAP is sent;
 * without one nothing is sent and the worst case is unknown (as for an
 * unpriced model).
 */
export function planOutput(ctx: GatewayContext, request: ChatRequest, target: Target, spec: ProviderSpec, promptTokens: number): OutputPlan {
  const entry = ctx.catalog.peek(target.provider, target.model);
  const contextWindow = entry?.contextWindow;
  const answerCap =
    request.maxTokens ??
    entry?.maxOutputTokens ??
    // A cap of 0 is refused upstream; a prompt that leaves no room was refused by planning already.
    (contextWindow === undefined ? undefined : Math.max(1, contextWindow - promptTokens)) ??
    // Nothing known, under a budget: a cap the budget can hold, rather than an unbounded worst case.
    (budgetInForce(ctx, target.provider) === undefined && budgetedTag(ctx, request.tags) === undefined ? undefined : BUDGETED_DEFAULT_OUTPUT_CAP);
  const limits: UsageLimits = { promptTokens };
  if (contextWindow !== undefined) limits.contextWindow = contextWindow;
  const thinkingOnly = entry?.capabilities.includes('thinking-only') ?? false;
  // A call that may reason is always streamed upstream (providers/create-provider.ts), one-answer calls too.
  const thinking = request.thinking === true || thinkingOnly;
  if (answerCap === undefined) return { limits, thinking };

  const caps = (spec.outputCaps ?? sharedOutputCap)({
    maxTokens: answerCap,
    thinking: request.thinking,
    thinkingBudget: request.thinkingBudget,
    thinkingOnly,
    defaultThinkingBudget: entry?.maxOutputTokens ?? answerCap,
  });
  const slack = (tokens: number, parts: number): number => tokens + parts * USAGE_SLACK_TOKENS;
  // Output with two caps (reasoning and answer) gets the slack of each; no reasoning at all is one cap.
  const separate = caps.reasoningTokens > 0 && caps.reasoningTokens + caps.answerTokens <= caps.outputTokens;
  limits.maxOutputTokens = slack(caps.outputTokens, separate ? 2 : 1);
  limits.maxReasoningTokens = slack(caps.reasoningTokens, 1);
  limits.maxAnswerTokens = slack(caps.answerTokens, 1);
  const worstCaseMicroUsd = worstCaseCost({
    inputTokens: promptTokens,
    maxOutputTokens: limits.maxOutputTokens,
    maxReasoningTokens: limits.maxReasoningTokens,
    maxAnswerTokens: limits.maxAnswerTokens,
    pricing: budgetPricing(ctx, target),
    cnyPerUsd: ctx.config.currency.cnyPerUsd,
    thinking,
  });
  return worstCaseMicroUsd === undefined ? { caps, limits, thinking } : { caps, limits, worstCaseMicroUsd, thinking };
}
