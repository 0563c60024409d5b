import type { ProviderBudget } from '../../config/types.js';
import { getOwn } from '../../util/own-entry.js';
import type { ProviderPeriodUsage } from '../store.js';
import type { JobEstimate, JobEstimateResult } from './budget-status.js';
import { formatUsd, money } from '../../money/money.js';

/**
 * Whether a planned job fits what is left of the budget right now (limit -
 * spent - reserved, for the provider and the model's own limit if any), and
 * what it would cost.
 */
export function estimateJob(estimate: JobEstimate, budget: ProviderBudget | undefined, usage: ProviderPeriodUsage | undefined): JobEstimateResult {
  const calls = Math.max(0, Math.floor(estimate.calls));
  const base: JobEstimateResult = {
    provider: estimate.provider,
    model: estimate.model,
    calls,
    fits: undefined,
    budgeted: budget !== undefined,
    summary: '',
  };
  if (estimate.inputTokens !== undefined) base.inputTokens = estimate.inputTokens;
  if (estimate.outputTokens !== undefined) base.outputTokens = estimate.outputTokens;
  const target = `${estimate.provider}/${estimate.model}`;

  if (estimate.costPerCallMicroUsd === undefined) {
    return {
      ...base,
      summary: `${target} has no price in the catalog, so the job's cost is unknown${budget === undefined ? '' : ' and cannot be checked against the budget'}.`,
    };
  }
  const total = estimate.costPerCallMicroUsd * calls;
  const priced = { ...base, costPerCall: money(estimate.costPerCallMicroUsd), total: money(total) };
  if (budget === undefined) {
    return { ...priced, fits: true, summary: `${calls} calls of ${target} would cost about ${formatUsd(total)}; ${estimate.provider} has no budget.` };
  }

  const spent = usage?.total.spentMicroUsd ?? 0;
  const reserved = usage?.reservedMicroUsd ?? 0;
  let remaining = budget.monthlyLimitMicroUsd - spent - reserved;
  let limitedBy: 'provider' | 'model' = 'provider';
  const modelLimit = getOwn(budget.models, estimate.model);
  if (modelLimit !== undefined) {
    const modelSpent = (usage === undefined ? undefined : getOwn(usage.models, estimate.model))?.spentMicroUsd ?? 0;
    const modelReserved = (usage === undefined ? undefined : getOwn(usage.reservedByModel, estimate.model)) ?? 0;
    const modelRemaining = modelLimit - modelSpent - modelReserved;
    if (modelRemaining < remaining) {
      remaining = modelRemaining;
      limitedBy = 'model';
    }
  }
  remaining = Math.max(0, remaining);
  const fits = total <= remaining;
  const scope = limitedBy === 'model' ? `${target}'s own limit` : `the ${estimate.provider} budget`;
  return {
    ...priced,
    fits,
    remainingAfter: money(Math.max(0, remaining - total)),
    limitedBy,
    summary: fits
      ? `${calls} calls of ${target} would cost about ${formatUsd(total)}; it fits: ${formatUsd(remaining)} left in ${scope}.`
      : `${calls} calls of ${target} would cost about ${formatUsd(total)}; it does not fit: only ${formatUsd(remaining)} left in ${scope}.`,
  };
}
