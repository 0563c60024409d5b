import { priceUsage } from '../cost/price-usage.js';
import type { Reservation } from '../ledger/ledger.js';
import type { RoutedRun } from '../routing/fallback-run.js';
import type { TargetPlan } from '../routing/plan-targets.js';
import type { ChatResult, FinishReason, ResponseFormat, ToolCall, Usage } from '../types.js';
import { budgetPricing } from './budget-pricing.js';
import { fallbacksTaken } from './fallbacks-taken.js';
import { finalizeUsage } from './finalize-usage.js';
import { parseJsonAnswer } from './parse-json-answer.js';
import { skipsAhead } from './skips-ahead.js';
import type { GatewayContext } from './gateway-context.js';
import type { OutputPlan } from './plan-output.js';

/** What a request has delivered so far. */
export interface Progress {
  text: string;
  reasoning: string;
  /**
   * Tool calls by index: whole ones as the upstream finished them, pieces
   * joined until then (a stream that breaks mid-call reports what came).
   */
  toolCalls: Map<number, ToolCall>;
  /** As the upstream reported it: not yet bounded (see finalizeUsage). */
  usage?: Omit<Usage, 'estimated'>;
  finishReason?: FinishReason;
  /** The serving attempt's budget reservation, once it served. */
  reservation?: Reservation;
  /** What the serving attempt could produce and cost (its reservation's figures), once it served. */
  output?: OutputPlan;
}

export interface ResultInput {
  started: number;
  progress: Progress;
  plan: TargetPlan | undefined;
  routed: RoutedRun | undefined;
  promptTokens: number;
  /** The request's format: a JSON one makes the answer say whether it parsed. */
  responseFormat?: ResponseFormat;
}

/** The answer as delivered so far, priced; the whole answer once the run is over. */
export function buildResult(ctx: GatewayContext, input: ResultInput): ChatResult {
  const { progress, plan, routed } = input;
  const target = routed?.target ?? routed?.attempts.at(-1) ?? plan?.targets[0];
  const toolCalls = [...progress.toolCalls].sort(([a], [b]) => a - b).map(([, call]) => call);
  const delivered = progress.text.length > 0 || progress.reasoning.length > 0 || toolCalls.length > 0;
  // Usage reported with nothing delivered (a cut stream) is still charged.
  const charged = delivered || progress.usage !== undefined;
  const usage: Usage = charged
    ? finalizeUsage(
        progress.usage,
        input.promptTokens,
        { text: progress.text + toolCallsText(toolCalls), reasoning: progress.reasoning },
        progress.output?.limits,
      )
    : { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false };
  const pricing = target ? budgetPricing(ctx, target) : undefined;
  let costMicroUsd = charged ? priceUsage(usage, pricing, { cnyPerUsd: ctx.config.currency.cnyPerUsd, thinking: progress.output?.thinking }) : 0;
  // Suspect figures are charged no more than the request was admitted with:
  // a bad usage report cannot spend a budget the request did not reserve.
  const worstCase = progress.output?.worstCaseMicroUsd;
  if (usage.suspect && costMicroUsd !== undefined && worstCase !== undefined) costMicroUsd = Math.min(costMicroUsd, worstCase);
  const attempts = [...(routed?.attempts ?? [])];
  return {
    provider: target?.provider ?? 'none',
    model: target?.model ?? 'none',
    text: progress.text,
    ...(progress.reasoning ? { reasoning: progress.reasoning } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(isJsonFormat(input.responseFormat) && progress.finishReason !== 'tool_calls' ? { json: parseJsonAnswer(progress.text) } : {}),
    finishReason: progress.finishReason ?? 'unknown',
    usage,
    costMicroUsd,
    latencyMs: ctx.clock.now() - input.started,
    timeToFirstTokenMs: routed?.timeToFirstDeltaMs,
    attempts,
    skipped: [...skipsAhead(plan, routed?.target), ...(routed?.skipped ?? [])],
    fallbacks: fallbacksTaken(attempts, routed?.target),
    delivered,
  };
}

const isJsonFormat = (format: ResponseFormat | undefined): boolean => format !== undefined && format.type !== 'text';

/** What the model wrote for its calls, for an output estimate when the upstream reports no usage. */
function toolCallsText(calls: readonly ToolCall[]): string {
  return calls.map((call) => call.name + call.arguments).join('');
}
