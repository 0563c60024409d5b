/**
 * Which targets one request will try, in order, and which were left out up
 * front and why. Pure: everything it needs to know comes in the context.
 */
import type { PlannedSkip } from '../error-details.js';
import { AegisError, type ErrorKind } from '../errors.js';
import { getOwn } from '../util/own-entry.js';
import type { Capability, CatalogEntry, ChatRequest, Target } from '../types.js';
import { DEFAULT_TASK, type Routes } from './default-routes.js';
import { formatTarget, parseTarget } from './parse-target.js';

export type PlanRequest = Pick<ChatRequest, 'model' | 'fallbacks' | 'task' | 'providers' | 'allowedTargets'>;

export interface PlanProvider {
  configured: boolean;
  /** What to set to configure it, in words. */
  notConfiguredHint?: string;
  /** Used when a request names the provider alone (`"ollama"`). */
  defaultModel?: string;
}

export interface PlanContext {
  /** Merged routes (see mergeRoutes). */
  routes: Routes;
  /** Every known provider, configured or not. */
  providers: Readonly<Record<string, PlanProvider>>;
  lookup(target: Target): CatalogEntry | undefined;
  /** A bare model id -> the targets that serve it, best first; [] when unknown. */
  resolveBareModel(id: string): Target[];
  isCoolingDown(target: Target): boolean;
  /** The error that put a cooling target there, for the skip reason and the error's kind. */
  cooldownCause?(target: Target): { kind?: ErrorKind; message?: string } | undefined;
  /** Estimated tokens of the prompt as it will be sent. */
  estimatePromptTokens: number;
  wantsImages: boolean;
  wantsThinking: boolean;
  /** Capabilities the request needs besides vision and thinking (tools, a JSON mode). @default none */
  needs?: readonly Capability[];
  /**
   * What the catalog says a target can do; undefined when nothing says
   * (a model only discovered live, an AnyLLM endpoint's): assumed capable.
   * @default the capabilities of `lookup`'s entry
   */
  capabilitiesOf?(target: Target): readonly Capability[] | undefined;
  /** The request's explicit output cap, if it set one. */
  maxOutputTokens?: number;
}

/** Why a target without a needed capability is skipped, per capability the planner checks. */
const MISSING: ReadonlyMap<Capability, Pick<PlannedSkip, 'code' | 'reason'>> = new Map([
  ['tools', { code: 'no_tools', reason: 'the request gives tools and this model has no function calling' }],
  ['json-object', { code: 'no_json_object', reason: 'the request asks for a JSON object and this model has no JSON mode' }],
  ['json-schema', { code: 'no_json_schema', reason: 'the request asks for JSON following a schema and this model has no JSON-schema mode' }],
]);

export interface TargetPlan {
  targets: Target[];
  skipped: PlannedSkip[];
  /**
   * For each of `skipped`, how many targets were planned before it: a skip
   * at `n` stood ahead of `targets[n]` in the chain (see skips-ahead.ts).
   */
  skippedAhead?: number[];
  /** Where the chain came from: the request's model/fallbacks, or a task route. */
  source: 'request' | 'task';
  /** The task whose route was used (source `task`). */
  task?: string;
}

/**
 * Order: the request's `model`, then its `fallbacks`; without a model, the
 * route of its `task` (default `chat`), then its `fallbacks`. With
 * `providers`, only targets on those providers (see ChatRequest.providers).
 * Duplicates are dropped. A target is
 * skipped, with the reason recorded, when its provider is not configured, the
 * prompt plus the output cap cannot fit its context window, it lacks vision
 * for images, thinking for a thinking request, function calling for tools or
 * the JSON mode asked for (capabilities as the catalog declares them; a
 * model nothing declares them for is assumed capable), or it is cooling down.
 *
 * Deliberately not skipped: a model the catalog does not know on a configured
 * provider (providers serve models our data has not caught up with), and a
 * model whose context window is unknown.
 *
 * @throws AegisError `bad_request` for an unknown task type.
 */
export function planTargets(request: PlanRequest, ctx: PlanContext): TargetPlan {
  const named = (spec: unknown): spec is string => typeof spec === 'string' && spec.trim() !== '';
  const fallbacks = (request.fallbacks ?? []).filter(named);
  let specs: ReadonlyArray<{ spec: string; fromRoute: boolean }>;
  let task: string | undefined;
  if (named(request.model)) {
    specs = [request.model, ...fallbacks].map((spec) => ({ spec, fromRoute: false }));
  } else {
    task = request.task?.trim() || DEFAULT_TASK;
    // A task type is a user's name: `toString` must not find Object.prototype's.
    const route = getOwn(ctx.routes, task);
    if (route === undefined) {
      const known = Object.keys(ctx.routes).sort().join(', ');
      throw new AegisError('bad_request', `Unknown task type "${task}". Known task types: ${known}. Add a route for it in the config, or name a model.`, {
        details: { task, knownTasks: Object.keys(ctx.routes) },
      });
    }
    // The route picks the model; the request's fallbacks come after it.
    specs = [...route.map((spec) => ({ spec, fromRoute: true })), ...fallbacks.map((spec) => ({ spec, fromRoute: false }))];
  }

  const targets: Target[] = [];
  const skipped: PlannedSkip[] = [];
  const skippedAhead: number[] = [];
  const skip = (entry: PlannedSkip) => {
    skipped.push(entry);
    skippedAhead.push(targets.length);
  };
  const seen = new Set<string>();
  const known = new Set(Object.keys(ctx.providers));
  const scope = providerScope(request.providers, known);
  const allowed = allowedTargetsOf(request.allowedTargets);

  for (const { spec, fromRoute } of specs) {
    const resolved = scope === undefined ? resolveSpec(spec.trim(), known, ctx) : resolveScoped(spec.trim(), scope, ctx, fromRoute);
    if ('code' in resolved) {
      skip(resolved);
      continue;
    }
    for (const target of resolved) {
      const key = formatTarget(target);
      if (seen.has(key)) continue;
      seen.add(key);
      const reason = allowed && !allowed(target) ? NOT_ALLOWED : whySkip(target, ctx);
      if (reason) skip({ provider: target.provider, model: target.model, ...reason });
      else targets.push(target);
    }
  }
  if (scope !== undefined && task !== undefined && targets.length === 0 && skipped.length === 0 && fallbacks.length === 0) {
    throw new AegisError(
      'bad_request',
      `The route of task type "${task}" has no model on ${[...scope].join(', ')}: name a model (or set the provider's default model).`,
      { details: { field: 'model', task } },
    );
  }
  return task === undefined ? { targets, skipped, skippedAhead, source: 'request' } : { targets, skipped, skippedAhead, source: 'task', task };
}

export const NOT_ALLOWED: Pick<PlannedSkip, 'code' | 'reason'> = { code: 'not_allowed', reason: 'not among the targets this caller may use' };

/** `provider/model` or `provider/*` patterns as a test of one target; undefined when not limited. */
export function allowedTargetsOf(patterns: readonly string[] | undefined): ((target: Target) => boolean) | undefined {
  if (patterns === undefined) return undefined;
  const exact = new Set<string>();
  const wholeProviders = new Set<string>();
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) wholeProviders.add(pattern.slice(0, -2));
    else exact.add(pattern);
  }
  return (target) => wholeProviders.has(target.provider) || exact.has(formatTarget(target));
}

/** The request's providers as a set (first one first), checked against the known ones; undefined when not scoped. */
function providerScope(providers: readonly string[] | undefined, known: ReadonlySet<string>): ReadonlySet<string> | undefined {
  if (providers === undefined || providers.length === 0) return undefined;
  const unknown = providers.filter((p) => !known.has(p));
  if (unknown.length > 0) {
    throw new AegisError('bad_request', `Unknown provider "${unknown[0]}" in providers. Known providers: ${[...known].join(', ')}.`, {
      details: { field: 'providers', knownProviders: [...known] },
    });
  }
  return new Set(providers);
}

/**
 * A spec under a provider scope (ChatRequest.providers): one of the scope's
 * targets, or nothing (a route's target on another provider is left out).
 * In the request's own model and fallbacks, an id naming no provider of the
 * scope is a model of its first provider.
 */
function resolveScoped(spec: string, scope: ReadonlySet<string>, ctx: PlanContext, fromRoute: boolean): Target[] | PlannedSkip {
  if (scope.has(spec)) return resolveSpec(spec, scope, ctx);
  const target = parseTarget(spec, scope);
  if (target) return [target];
  if (fromRoute) return [];
  const first = scope.values().next().value as string;
  return [{ provider: first, model: spec }];
}

function resolveSpec(spec: string, known: ReadonlySet<string>, ctx: PlanContext): Target[] | PlannedSkip {
  const target = parseTarget(spec, known);
  if (target) return [target];
  const provider = getOwn(ctx.providers, spec);
  if (provider) {
    if (provider.defaultModel) return [{ provider: spec, model: provider.defaultModel }];
    return {
      provider: spec,
      model: '',
      code: 'unknown_model',
      reason: `provider "${spec}" has no default model: name one as "${spec}/<model>"`,
    };
  }
  const fromCatalog = ctx.resolveBareModel(spec);
  if (fromCatalog.length > 0) return fromCatalog;
  return {
    provider: '',
    model: spec,
    code: 'unknown_model',
    reason: `"${spec}" is neither "provider/model" with a known provider (${[...known].join(', ')}) nor a model id in the catalog`,
  };
}

function whySkip(target: Target, ctx: PlanContext): Pick<PlannedSkip, 'code' | 'reason' | 'cause'> | undefined {
  const provider = getOwn(ctx.providers, target.provider);
  if (!provider?.configured) {
    const hint = provider?.notConfiguredHint ?? 'configure it';
    return { code: 'not_configured', reason: `provider "${target.provider}" is not configured: ${hint}` };
  }
  const entry = ctx.lookup(target);
  // An embedding model answers `embed`, not a chat request (its upstream would refuse it).
  if (entry?.embedding !== undefined) return { code: 'embedding_model', reason: 'an embedding model: call embed for it, not chat' };
  if (entry?.contextWindow !== undefined) {
    const prompt = ctx.estimatePromptTokens;
    // Without an explicit cap the output is sized to what is left, so the
    // prompt alone must fit (a provider rejecting it still falls back).
    const output = ctx.maxOutputTokens ?? 0;
    if (prompt + output > entry.contextWindow) {
      const need = ctx.maxOutputTokens === undefined ? `the prompt (~${prompt} tokens)` : `the prompt (~${prompt} tokens) plus max output (${output})`;
      return { code: 'context_too_long', reason: `${need} exceeds the context window of ${entry.contextWindow} tokens` };
    }
  }
  const capabilities = ctx.capabilitiesOf ? ctx.capabilitiesOf(target) : entry?.capabilities;
  if (ctx.wantsImages && capabilities && !capabilities.includes('vision')) {
    return { code: 'no_vision', reason: 'the request has images and this model has no vision' };
  }
  if (ctx.wantsThinking && capabilities && !capabilities.some((c) => c === 'thinking' || c === 'thinking-only')) {
    return { code: 'no_thinking', reason: 'the request asks for thinking and this model does not think' };
  }
  for (const need of ctx.needs ?? []) {
    const missing = MISSING.get(need);
    if (missing && capabilities && !capabilities.includes(need)) return missing;
  }
  if (ctx.isCoolingDown(target)) {
    const cause = ctx.cooldownCause?.(target);
    const why = cause?.message === undefined ? 'after repeated failures' : `after: ${cause.message}`;
    const skip: Pick<PlannedSkip, 'code' | 'reason' | 'cause'> = { code: 'cooldown', reason: `in cooldown ${why} (see test_provider / the admin page)` };
    if (cause?.kind !== undefined) skip.cause = cause.kind;
    return skip;
  }
  return undefined;
}
