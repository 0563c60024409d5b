import { formatUsd, type BudgetStatus } from '@aegis-llm/core';
import type { AlertView } from '../api/api-types.js';

/**
 * The alerts fired this period across providers and tag budgets (whose
 * `provider` is their `name=value` scope), newest first, amounts formatted
 * by the core.
 */
export function alertViews(status: BudgetStatus): AlertView[] {
  return [...status.providers.flatMap((provider) => provider.alerts), ...(status.tagBudgets ?? []).flatMap((budget) => budget.alerts)]
    .map((alert) => ({
      provider: alert.provider,
      period: alert.period,
      threshold: alert.threshold,
      firedAt: alert.firedAt,
      spentUsd: formatUsd(alert.spentMicroUsd),
      limitUsd: formatUsd(alert.limitMicroUsd),
      ...(alert.delivery === undefined ? {} : { delivery: alert.delivery }),
    }))
    .sort((a, b) => b.firedAt.localeCompare(a.firedAt));
}
