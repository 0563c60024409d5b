import { setOwn } from '../util/own-entry.js';
import { usdToMicro } from '../money/usd-to-micro.js';
import { DEFAULT_ALERT_THRESHOLDS } from './default-routing.js';
import type { ConfigFile } from './schema.js';
import type { ProviderBudget, TagBudget } from './types.js';

/**
 * Budgets from the file, with the environment's monthly limits on top
 * (`MONTHLY_BUDGET_*` replaces `monthlyUsd`, keeping the file's other
 * settings). Amounts were validated by the schema and read-env.
 */
export function resolveBudgets(file: ConfigFile, envBudgets: Readonly<Record<string, number>>): Record<string, ProviderBudget> {
  const out: Record<string, ProviderBudget> = {};
  for (const [provider, budget] of Object.entries(file.budgets ?? {})) {
    out[provider] = {
      monthlyLimitMicroUsd: micro(budget.monthlyUsd),
      onLimit: budget.onLimit ?? 'block',
      alertThresholds: thresholds(budget.alertThresholds),
      models: Object.fromEntries(Object.entries(budget.models ?? {}).map(([model, usd]) => [model, micro(usd)])),
      ...(budget.unpriced === undefined ? {} : { unpriced: budget.unpriced }),
    };
  }
  for (const [provider, limit] of Object.entries(envBudgets)) {
    const existing = out[provider];
    out[provider] = existing
      ? { ...existing, monthlyLimitMicroUsd: limit }
      : { monthlyLimitMicroUsd: limit, onLimit: 'block', alertThresholds: [...DEFAULT_ALERT_THRESHOLDS], models: {} };
  }
  return out;
}

/** Tag budgets from the file, keyed by scope `name=value` (validated by check-cross-references). */
export function resolveTagBudgets(file: ConfigFile): Record<string, TagBudget> {
  const out: Record<string, TagBudget> = {};
  for (const [scope, budget] of Object.entries(file.tagBudgets ?? {})) {
    setOwn(out, scope, { monthlyLimitMicroUsd: micro(budget.monthlyUsd), alertThresholds: thresholds(budget.alertThresholds) });
  }
  return out;
}

function micro(usd: number | string): number {
  const value = usdToMicro(usd);
  // The schema accepted only amounts usdToMicro reads; this is a guard, not a path.
  if (value === undefined) throw new RangeError('budget amount was not validated');
  return value;
}

function thresholds(values: readonly number[] | undefined): number[] {
  return [...new Set(values ?? DEFAULT_ALERT_THRESHOLDS)].sort((a, b) => a - b);
}
