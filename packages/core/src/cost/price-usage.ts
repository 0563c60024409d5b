import type { ModelPricing, Usage } from '../types.js';
import { costDivisor } from './cost-divisor.js';
import { divideRoundHalfUp } from './divide-round-half-up.js';
import { scalePrice } from './scale-price.js';
import { selectPriceTier } from './select-price-tier.js';

export interface PriceUsageOptions {
  /** Conversion of CNY price lists. */
  cnyPerUsd: number;
  /**
   * The request was sent in thinking mode (thinking asked for, or a
   * thinking-only model). Reported reasoning tokens mean thinking mode too.
   * @default false
   */
  thinking?: boolean;
}

/**
 * The cost of one answer in integer micro-USD, or `undefined` when the model
 * is unpriced (never 0: unknown is not free).
 *
 * Token semantics follow the OpenAI usage object, which DashScope copies:
 * `cachedInputTokens` is the part of `inputTokens` served from cache
 * (`prompt_tokens_details.cached_tokens`) and `reasoningTokens` is the part
 * of `outputTokens` spent thinking (`completion_tokens_details.reasoning_tokens`).
 * So: uncached input at the input price, cached at the cached price (default
 * the input price), and the output at the output price, or, in thinking
 * mode, every output token (reasoning and answer alike) at the thinking-mode
 * price (`reasoningOutput`, default the output price). That is how Model
 * Studio lists hybrid models: one output price per mode, "output (thinking
 * mode)" covering the request's whole output (model-pricing page; qwen-plus
 * $1.2/M without thinking, $4/M with; the Beijing list CNY 2 / 8). A request
 * whose usage reports reasoning tokens was in thinking mode whatever it asked.
 *
 * Upstreams do report odd numbers (a subset larger than its total); rather
 * than go negative (a bug seen in the Vercel AI SDK), the total is taken as
 * the subset plus nothing: `reasoning > output` prices `reasoning` reasoning
 * tokens and 0 plain output; `cached > input` likewise.
 *
 * The tier is chosen by the total input tokens, all-or-nothing.
 *
 * Arithmetic: prices become integers once (10^-9 units per 1M tokens), are
 * multiplied by integer token counts as bigints, and the sum is divided once,
 * rounded half up to the micro-USD. No float ever accumulates.
 */
export function priceUsage(
  usage: Pick<Usage, 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'reasoningTokens'>,
  pricing: ModelPricing | undefined,
  opts: PriceUsageOptions,
): number | undefined {
  if (pricing === undefined) return undefined;

  const input = tokenCount(usage.inputTokens, 'inputTokens');
  const output = tokenCount(usage.outputTokens, 'outputTokens');
  const cached = tokenCount(usage.cachedInputTokens, 'cachedInputTokens');
  const reasoning = tokenCount(usage.reasoningTokens, 'reasoningTokens');

  const totalInput = input > cached ? input : cached;
  const tier = selectPriceTier(pricing, Number(totalInput));
  if (tier === undefined) return undefined;

  const inputPrice = scalePrice(tier.input);
  const outputPrice = scalePrice(tier.output);
  const cachedPrice = tier.cachedInput === undefined ? inputPrice : scalePrice(tier.cachedInput);
  const reasoningPrice = tier.reasoningOutput === undefined ? outputPrice : scalePrice(tier.reasoningOutput);

  const uncachedInput = totalInput - cached;
  const plainOutput = output > reasoning ? output - reasoning : 0n;
  const thinking = opts.thinking === true || reasoning > 0n;
  const answerPrice = thinking ? reasoningPrice : outputPrice;

  const numerator = uncachedInput * inputPrice + cached * cachedPrice + plainOutput * answerPrice + reasoning * reasoningPrice;
  return Number(divideRoundHalfUp(numerator, costDivisor(pricing.currency, opts.cnyPerUsd)));
}

/** Token counts are integers; a negative count is clamped to 0, a non-finite one is a bug. */
function tokenCount(value: number, name: string): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return BigInt(Math.max(0, Math.round(value)));
}
