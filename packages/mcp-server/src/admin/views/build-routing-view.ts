import {
  DEFAULT_ROUTES,
  mergeRoutes,
  NAME_MAX_LENGTH,
  TASK_NAME_PATTERN,
  TASK_NAME_RULE,
  type AegisConfig,
  type ModelInfo,
  type RouteWarning,
} from '@aegis-llm/core';
import type { RouteTargetView, RoutingResponse, TaskRouteView } from '../api/api-types.js';

/**
 * The chain in force for every task (built-in defaults with the file's chains
 * over them, as the gateway merges them), each target beside its catalog
 * data: context window, max output, first-tier prices, status (current,
 * deprecated, retired) and, for a configured route, what is wrong with a
 * target (the gateway's route warnings).
 */
export function buildRoutingView(config: AegisConfig, catalog: readonly ModelInfo[], warnings: readonly RouteWarning[] = []): RoutingResponse {
  const byTarget = new Map(catalog.map((entry) => [`${entry.provider}/${entry.model}`, entry]));
  const describe = (target: string): RouteTargetView => targetView(target, byTarget.get(target), config);
  const warningOf = new Map(warnings.map((w) => [`${w.task}\u0000${w.target}`, w]));
  const routes = mergeRoutes(DEFAULT_ROUTES, config.routes);
  const tasks: TaskRouteView[] = Object.entries(routes).map(([task, chain]) => ({
    task,
    source: Object.hasOwn(config.routes, task) ? (Object.hasOwn(DEFAULT_ROUTES, task) ? 'config' : 'custom') : 'default',
    chain: chain.map((target) => {
      const view = describe(target);
      const warning = warningOf.get(`${task}\u0000${target}`);
      if (warning === undefined) return view;
      return warning.suggestion === undefined ? { ...view, warning: warning.message } : { ...view, warning: warning.message, suggestion: warning.suggestion };
    }),
  }));
  return {
    tasks,
    models: catalog.map((entry) => describe(`${entry.provider}/${entry.model}`)),
    taskNameRule: { pattern: TASK_NAME_PATTERN.source, maxLength: NAME_MAX_LENGTH, rule: TASK_NAME_RULE },
  };
}

function targetView(target: string, entry: ModelInfo | undefined, config: AegisConfig): RouteTargetView {
  const slash = target.indexOf('/');
  const provider = slash < 0 ? '' : target.slice(0, slash);
  const model = slash < 0 ? target : target.slice(slash + 1);
  const resolved = Object.hasOwn(config.providers, provider) ? config.providers[provider] : undefined;
  const view: RouteTargetView = {
    target,
    provider,
    model,
    knownProvider: resolved !== undefined,
    configured: resolved?.configured ?? false,
  };
  if (entry?.contextWindow !== undefined) view.contextWindow = entry.contextWindow;
  if (entry?.maxOutputTokens !== undefined) view.maxOutputTokens = entry.maxOutputTokens;
  const first = entry?.pricing?.tiers[0];
  if (entry?.pricing !== undefined && first !== undefined) {
    view.price = { currency: entry.pricing.currency, input: first.input, output: first.output, tiered: entry.pricing.tiers.length > 1 };
  }
  const lifecycle = entry?.lifecycle;
  if (lifecycle !== undefined) {
    view.status = lifecycle.status;
    if (lifecycle.replacement !== undefined) view.replacement = lifecycle.replacement;
    if (lifecycle.date !== undefined) view.statusDate = lifecycle.date;
  }
  return view;
}
