import { estimateTokens } from '../cost/estimate-tokens.js';
import { AegisError } from '../errors.js';
import { noUsableTargetError } from '../routing/no-usable-target-error.js';
import { formatTarget, parseTarget } from '../routing/parse-target.js';
import type { PlannedSkip, SkipCode } from '../error-details.js';
import { allowedTargetsOf, NOT_ALLOWED } from '../routing/plan-targets.js';
import type { EmbedRequest, EmbeddingInfo, Target } from '../types.js';
import { getOwn } from '../util/own-entry.js';
import type { GatewayContext } from './gateway-context.js';
import { embedInputs } from './validate-embed-request.js';

/** One embedding target as planned: its limits (the model's, else its kind's) and the vector length it gives. */
export interface EmbedTarget extends Target {
  maxInputsPerRequest: number;
  maxInputTokens?: number;
  maxTokensPerRequest?: number;
  /** The length its vectors will have; undefined when nothing says (a model without a catalog entry). */
  dimensions?: number;
}

/** One upstream request's share of the input: positions in the input, and their token estimate. */
export interface EmbedBatch {
  /** Where the batch's texts sit in the input. */
  start: number;
  texts: readonly string[];
  estimatedTokens: number;
}

export interface EmbedPlan {
  targets: EmbedTarget[];
  skipped: PlannedSkip[];
  batches: EmbedBatch[];
}

/**
 * The targets of an embed request and its batches, or a `bad_request` before
 * anything is sent: an unknown provider, a chat model (a catalog entry
 * without `embedding`), a `dimensions` the model does not offer, an input
 * over the model's token limit. Fallbacks are kept only when their vectors
 * have the same length as the model's (a vector store cannot mix lengths)
 * and they are configured; the others are skipped with the reason. Batches
 * fit every kept target's limits, so any of them can serve any batch.
 */
export function planEmbed(ctx: GatewayContext, request: EmbedRequest): EmbedPlan {
  const inputs = embedInputs(request);
  const primary = describe(ctx, resolveEmbedModel(ctx, request.model, 'model'), request.dimensions, 'model');
  const allowed = allowedTargetsOf(request.allowedTargets);
  const targets: EmbedTarget[] = [primary];
  const skipped: PlannedSkip[] = [];
  // A target the caller may not use is skipped (a fallback may still serve), as chat's planner does.
  if (allowed && !allowed(primary)) {
    targets.length = 0;
    skipped.push({ provider: primary.provider, model: primary.model, ...NOT_ALLOWED });
  }
  const provider = getOwn(ctx.planProviders, primary.provider);
  if (provider !== undefined && !provider.configured) {
    throw new AegisError('not_configured', `${primary.provider} is not configured. ${provider.notConfiguredHint ?? ''}`.trim(), {
      provider: primary.provider,
      model: primary.model,
    });
  }
  (request.fallbacks ?? []).forEach((spec, i) => {
    // A fallback that cannot embed at all (a chat model, a length it lacks) is refused as clearly as `model`.
    const target = describe(ctx, resolveEmbedModel(ctx, spec, `fallbacks.${i}`), request.dimensions, `fallbacks.${i}`);
    const skip = (reason: string, code: SkipCode) => skipped.push({ provider: target.provider, model: target.model, reason, code });
    if (targets.some((t) => t.provider === target.provider && t.model === target.model)) return;
    if (allowed && !allowed(target)) return skip(NOT_ALLOWED.reason, NOT_ALLOWED.code);
    if (!getOwn(ctx.planProviders, target.provider)?.configured) return skip('provider not configured', 'not_configured');
    if (target.dimensions === undefined || primary.dimensions === undefined || target.dimensions !== primary.dimensions) {
      return skip(
        `its vectors (${target.dimensions ?? 'unknown'} dimensions) would not match ${formatTarget(primary)}'s (${primary.dimensions ?? 'unknown'}); a fallback must give vectors of the same length`,
        'other_dimensions',
      );
    }
    targets.push(target);
  });
  if (targets.length === 0) throw noUsableTargetError({ skipped, source: 'request' });

  const maxInputTokens = smallest(targets.map((t) => t.maxInputTokens));
  const estimates = inputs.map((text, i) => {
    const tokens = estimateTokens(text);
    if (maxInputTokens !== undefined && tokens > maxInputTokens) {
      throw new AegisError(
        'bad_request',
        `Invalid embed request: input.${i}: about ${tokens} tokens, over the ${maxInputTokens} tokens ${formatTarget(primary)} takes per input; split the text into smaller chunks.`,
        { provider: primary.provider, model: primary.model, details: { field: `input.${i}` } },
      );
    }
    return tokens;
  });
  const perRequest = smallest(targets.map((t) => t.maxInputsPerRequest)) ?? 1;
  const tokensPerRequest = smallest(targets.map((t) => t.maxTokensPerRequest));
  return { targets, skipped, batches: splitBatches(inputs, estimates, perRequest, tokensPerRequest) };
}

/**
 * The embedding target `spec` names (a budget estimate of an embedding job):
 * resolved as `embed` resolves it, a chat model refused the same way.
 */
export function embedTargetOf(ctx: GatewayContext, spec: string, field: string): EmbedTarget {
  return describe(ctx, resolveEmbedModel(ctx, spec, field), undefined, field);
}

/** `provider/model`, or a bare id the catalog knows as an embedding model (a configured provider's first). */
function resolveEmbedModel(ctx: GatewayContext, spec: string, field: string): Target {
  const target = parseTarget(spec, ctx.providers.keys());
  if (target !== undefined) return target;
  const known = ctx.catalog.findByModel(spec.trim()).filter((e) => e.embedding !== undefined && ctx.providers.has(e.provider));
  const best = known.find((e) => getOwn(ctx.planProviders, e.provider)?.configured) ?? known[0];
  if (best === undefined) {
    throw new AegisError(
      'bad_request',
      `Unknown embedding model "${spec}". Use provider/model, e.g. dashscope/text-embedding-v4 (list_models shows the models with an "embedding" entry).`,
      // `unknown_model`, as chat's planner says it: surfaces answer it as an unknown model (the endpoint's 404).
      { details: { field, skipped: [{ provider: '', model: spec, reason: 'no catalog entry of an embedding model has this id', code: 'unknown_model' }] } },
    );
  }
  return { provider: best.provider, model: best.model };
}

function describe(ctx: GatewayContext, target: Target, dimensions: number | undefined, field: string): EmbedTarget {
  const provider = ctx.providers.get(target.provider);
  if (provider === undefined) {
    throw new AegisError('bad_request', `Unknown provider "${target.provider}".`, { details: { field } });
  }
  const entry = ctx.catalog.peek(target.provider, target.model);
  const info = entry?.embedding;
  if (entry !== undefined && info === undefined && ctx.catalog.peekCapabilities(target.provider, target.model) !== undefined) {
    throw new AegisError(
      'bad_request',
      `${formatTarget(target)} is a chat model, not an embedding model. Name an embedding model (dashscope/text-embedding-v4, openai/text-embedding-3-small), ` +
        'or, for a model of your own server, add it under "models" in the config file with an "embedding" entry.',
      { provider: target.provider, model: target.model, details: { field } },
    );
  }
  const limits = provider.spec.embeddingLimits;
  const described: EmbedTarget = { ...target, maxInputsPerRequest: info?.maxInputsPerRequest ?? limits.maxInputsPerRequest };
  const maxInputTokens = info?.maxInputTokens ?? limits.maxInputTokens;
  if (maxInputTokens !== undefined) described.maxInputTokens = maxInputTokens;
  if (limits.maxTokensPerRequest !== undefined) described.maxTokensPerRequest = limits.maxTokensPerRequest;
  if (dimensions !== undefined && info !== undefined) requireDimensions(target, info, dimensions, field);
  const length = dimensions ?? info?.dimensions;
  if (length !== undefined) described.dimensions = length;
  return described;
}

function requireDimensions(target: Target, info: EmbeddingInfo, dimensions: number, field: string): void {
  const choices = info.dimensionChoices;
  const ok = choices === 'shorter' ? dimensions <= info.dimensions : choices === undefined ? dimensions === info.dimensions : choices.includes(dimensions);
  if (ok) return;
  const offered = choices === 'shorter' ? `1 to ${info.dimensions}` : (choices ?? [info.dimensions]).join(', ');
  throw new AegisError('bad_request', `Invalid embed request: dimensions: ${formatTarget(target)} gives ${offered} dimensions, not ${dimensions}.`, {
    provider: target.provider,
    model: target.model,
    details: { field: field === 'model' ? 'dimensions' : field },
  });
}

/** Consecutive inputs, at most `perRequest` and `tokensPerRequest` per batch (an input over the latter goes alone). */
export function splitBatches(inputs: readonly string[], estimates: readonly number[], perRequest: number, tokensPerRequest?: number): EmbedBatch[] {
  const batches: EmbedBatch[] = [];
  let start = 0;
  let tokens = 0;
  for (let i = 0; i <= inputs.length; i++) {
    const next = estimates[i] ?? 0;
    const full = i - start >= perRequest || (tokensPerRequest !== undefined && i > start && tokens + next > tokensPerRequest);
    if (i === inputs.length || full) {
      if (i > start) batches.push({ start, texts: inputs.slice(start, i), estimatedTokens: tokens });
      start = i;
      tokens = 0;
    }
    tokens += next;
  }
  return batches;
}

function smallest(values: ReadonlyArray<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? undefined : Math.min(...known);
}
