/**
 * What is wrong with the targets of configured routes, found before any
 * request: a model the provider retired (or is retiring), a provider that
 * does not exist, a model the catalog of a catalogued provider does not know
 * (a typo, or a model newer than our data). Warnings, not errors: a retired
 * model may still answer an account that kept access, and the catalog lags
 * the providers. The gateway logs them at start and on every reconfigure;
 * the admin routing page shows them beside the route.
 */
import { closestKey } from '../config/closest-key.js';
import type { CatalogEntry } from '../types.js';
import { parseTarget } from './parse-target.js';
import type { Routes } from './default-routes.js';

export type RouteWarningCode = 'retired' | 'deprecated' | 'unknown_provider' | 'unknown_model';

export interface RouteWarning {
  task: string;
  /** As written in the route. */
  target: string;
  code: RouteWarningCode;
  message: string;
  /** The known target it most likely meant (`dashscope/qwen-plus` for `dashscope/qwen-plsu`), when one is close. */
  suggestion?: string;
}

export interface RouteCheckContext {
  /** Every provider id, configured or not. */
  providers: ReadonlySet<string>;
  lookup(provider: string, model: string): CatalogEntry | undefined;
  /** Whether the catalog carries data of its own for this provider (else its models are discovered or configured). */
  hasCatalog(provider: string): boolean;
  /** The model ids the catalog knows for a provider, to suggest the closest one to a typo. @default none */
  models?(provider: string): readonly string[];
}

export function checkRouteTargets(routes: Routes, ctx: RouteCheckContext): RouteWarning[] {
  const warnings: RouteWarning[] = [];
  for (const [task, chain] of Object.entries(routes)) {
    for (const spec of chain) {
      const warning = checkTarget(spec, ctx);
      if (warning) warnings.push({ task, target: spec, ...warning, message: `route "${task}": ${warning.message}` });
    }
  }
  return warnings;
}

function checkTarget(spec: string, ctx: RouteCheckContext): Pick<RouteWarning, 'code' | 'message' | 'suggestion'> | undefined {
  const target = parseTarget(spec, ctx.providers);
  if (target === undefined) {
    const known = [...ctx.providers].join(', ');
    const slash = spec.indexOf('/');
    const near = slash > 0 ? closestKey(spec.slice(0, slash), [...ctx.providers]) : undefined;
    const suggestion = near === undefined ? undefined : `${near}${spec.slice(slash)}`;
    return withSuggestion({ code: 'unknown_provider', message: `"${spec}" names no known provider (${known}); write it as provider/model.` }, suggestion);
  }
  const entry = ctx.lookup(target.provider, target.model);
  const lifecycle = entry?.lifecycle;
  if (lifecycle !== undefined && lifecycle.status !== 'current') {
    const when = lifecycle.date === undefined ? '' : ` ${lifecycle.status === 'retired' ? 'since' : 'on'} ${lifecycle.date}`;
    const instead = lifecycle.replacement === undefined ? '' : `; use ${target.provider}/${lifecycle.replacement} instead`;
    const verb = lifecycle.status === 'retired' ? 'was retired' : 'is deprecated, to be retired';
    return { code: lifecycle.status, message: `${spec} ${verb}${when} (${lifecycle.source})${instead}.` };
  }
  if (entry === undefined && ctx.hasCatalog(target.provider)) {
    const near = closestKey(target.model, ctx.models?.(target.provider) ?? []);
    return withSuggestion(
      {
        code: 'unknown_model',
        message: `${spec} is not in the catalog: check the id (ids are case-sensitive; list_models shows them), or describe it under "models" in the config file.`,
      },
      near === undefined ? undefined : `${target.provider}/${near}`,
    );
  }
  return undefined;
}

/** " Did you mean ...?" at the end of the message, and the suggestion beside it for a page's button. */
function withSuggestion(
  warning: Pick<RouteWarning, 'code' | 'message'>,
  suggestion: string | undefined,
): Pick<RouteWarning, 'code' | 'message' | 'suggestion'> {
  if (suggestion === undefined) return warning;
  return { ...warning, message: `${warning.message} Did you mean "${suggestion}"?`, suggestion };
}
