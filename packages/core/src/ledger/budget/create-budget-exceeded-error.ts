import type { ProviderBudget } from '../../config/types.js';
import { AegisError } from '../../errors.js';
import type { BudgetRefusal } from '../store.js';
import type { CalendarPeriod } from './create-period-calendar.js';
import { formatUsd } from '../../money/money.js';
import { shiftMonthKey } from './shift-month-key.js';

export interface BudgetExceededInput {
  provider: string;
  model: string;
  refusal: BudgetRefusal;
  /** The provider's budget; absent when only a tag budget applied. */
  budget?: ProviderBudget;
  period: CalendarPeriod;
  timeZone: string;
}

/**
 * The refusal a caller sees: which budget, the figures in USD, when it resets,
 * and whether the route may fall back (`onLimit: 'fallback'` sets
 * `fallbackable`, so the router tries the next target, e.g. a local model).
 */
export function createBudgetExceededError(input: BudgetExceededInput): AegisError {
  const { refusal, budget, period } = input;
  const scope = refusal.scope === 'tag' ? `tag ${refusal.tag ?? ''}` : refusal.scope === 'model' ? `${input.provider}/${input.model}` : input.provider;
  // A tag budget counts whatever the target: falling back would meet it again.
  const onLimit = refusal.scope === 'tag' ? 'block' : (budget?.onLimit ?? 'block');
  const resetDate = `${shiftMonthKey(period.month, 1)}-01`;
  const figures = `spent ${formatUsd(refusal.spentMicroUsd)} + reserved ${formatUsd(refusal.reservedMicroUsd)}`;
  const what =
    refusal.requestMicroUsd === undefined
      ? `${figures} has reached the limit of ${formatUsd(refusal.limitMicroUsd)}, and this request's cost is unknown (unpriced model)`
      : `${figures} + this request's worst case ${formatUsd(refusal.requestMicroUsd)} would pass the limit of ${formatUsd(refusal.limitMicroUsd)}`;
  const next =
    onLimit === 'fallback'
      ? 'At this limit the provider is skipped and the request goes on to its next fallback target; with none left, it fails here.'
      : 'Raise the limit, lower `maxTokens`, or wait for the reset.';
  return new AegisError(
    'budget_exceeded',
    `Monthly budget of ${scope} exceeded for ${period.month}: ${what}. It resets on ${resetDate} (${input.timeZone}). ${next}`,
    {
      provider: input.provider,
      model: input.model,
      retryable: false,
      fallbackable: onLimit === 'fallback',
      details: {
        scope: refusal.scope,
        ...(refusal.tag === undefined ? {} : { tag: refusal.tag }),
        period: period.month,
        spentMicroUsd: refusal.spentMicroUsd,
        reservedMicroUsd: refusal.reservedMicroUsd,
        limitMicroUsd: refusal.limitMicroUsd,
        requestMicroUsd: refusal.requestMicroUsd,
        spentUsd: formatUsd(refusal.spentMicroUsd),
        reservedUsd: formatUsd(refusal.reservedMicroUsd),
        limitUsd: formatUsd(refusal.limitMicroUsd),
        requestUsd: refusal.requestMicroUsd === undefined ? undefined : formatUsd(refusal.requestMicroUsd),
        resetAt: new Date(period.monthEnd).toISOString(),
        resetDate,
        timeZone: input.timeZone,
        onLimit,
      },
    },
  );
}
