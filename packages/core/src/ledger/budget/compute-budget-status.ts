import type { ProviderBudget, TagBudget } from '../../config/types.js';
import { getOwn } from '../../util/own-entry.js';
import type { FiredAlert, PeriodSnapshot, ProviderPeriodUsage, TagUsage } from '../store.js';
import { emptyUsageTotals } from '../usage-totals.js';
import type { BudgetStatus, JobEstimate, ModelBudgetStatus, ProviderBudgetStatus, TagBudgetStatus, TagSpend, WebhookStatus } from './budget-status.js';
import type { CalendarPeriod } from './create-period-calendar.js';
import { estimateJob } from './estimate-job.js';
import { money } from '../../money/money.js';
import { shiftMonthKey } from './shift-month-key.js';

export interface BudgetStatusInput {
  snapshot: PeriodSnapshot;
  budgets: Record<string, ProviderBudget>;
  period: CalendarPeriod;
  timeZone: string;
  now: number;
  provider?: string;
  estimate?: JobEstimate;
  /** The period's tag sums (store.readTagUsage). */
  tags?: TagUsage[];
  /** Only tags of this name. */
  tag?: string;
  /** The alert webhook's status (webhook-status.ts). */
  webhook: WebhookStatus;
  /** Tag-scoped budgets in force, `name=value` -> budget. */
  tagBudgets?: Record<string, TagBudget>;
}

/**
 * The budget picture of the current period, from the store's sums alone
 * (never the log): O(providers x models). Lists every provider with a budget
 * and every provider with spend or requests in flight this period.
 */
export function computeBudgetStatus(input: BudgetStatusInput): BudgetStatus {
  const { snapshot, budgets, period, now } = input;
  const names = new Set([...Object.keys(budgets), ...Object.keys(snapshot.providers)]);
  const elapsed = (now - period.monthStart) / (period.monthEnd - period.monthStart);
  const providers = [...names]
    .filter((name) => input.provider === undefined || name === input.provider)
    .sort()
    .map((name) => providerStatus(name, getOwn(budgets, name), getOwn(snapshot.providers, name), snapshot, elapsed));

  const status: BudgetStatus = {
    period: period.month,
    periodStart: new Date(period.monthStart).toISOString(),
    resetAt: new Date(period.monthEnd).toISOString(),
    resetDate: `${shiftMonthKey(period.month, 1)}-01`,
    timeZone: input.timeZone,
    generatedAt: new Date(now).toISOString(),
    providers,
    tags: tagSpends(input.tags ?? [], input.tag),
    webhook: input.webhook,
  };
  const tagBudgets = tagBudgetStatuses(input.tagBudgets ?? {}, input.tags ?? [], snapshot.alerts);
  if (tagBudgets.length > 0) status.tagBudgets = tagBudgets;
  if (input.estimate !== undefined) {
    const { provider } = input.estimate;
    status.estimate = estimateJob(input.estimate, getOwn(budgets, provider), getOwn(snapshot.providers, provider));
  }
  return status;
}

function providerStatus(
  provider: string,
  budget: ProviderBudget | undefined,
  usage: ProviderPeriodUsage | undefined,
  snapshot: PeriodSnapshot,
  elapsed: number,
): ProviderBudgetStatus {
  const total = usage?.total ?? emptyUsageTotals();
  const spent = total.spentMicroUsd;
  const reserved = usage?.reservedMicroUsd ?? 0;
  const status: ProviderBudgetStatus = {
    provider,
    budgeted: budget !== undefined,
    spent: money(spent),
    reserved: money(reserved),
    requests: total.requests,
    unpricedRequests: total.unpricedRequests,
    estimatedRequests: total.estimatedRequests,
    errorRequests: total.errorRequests,
    fallbackRequests: total.fallbackRequests,
    openReservations: usage?.openReservations ?? 0,
    models: modelStatuses(budget, usage),
    // Only those of the current limit: after a limit change, "reached 100 % of $0.01" is history, not the state.
    alerts: snapshot.alerts.filter((alert) => alert.provider === provider && (budget === undefined || alert.limitMicroUsd === budget.monthlyLimitMicroUsd)),
  };
  // Early in the month the rate rests on little data; it is still the best straight-line guess.
  if (elapsed > 0) status.projectedMonthEnd = money(Math.round(spent / Math.min(1, elapsed)));
  if (budget !== undefined) {
    const limit = budget.monthlyLimitMicroUsd;
    status.limit = money(limit);
    status.remaining = money(Math.max(0, limit - spent - reserved));
    status.percent = percentOf(spent, limit);
    status.onLimit = budget.onLimit;
    status.alertThresholds = [...budget.alertThresholds];
  }
  return status;
}

function modelStatuses(budget: ProviderBudget | undefined, usage: ProviderPeriodUsage | undefined): ModelBudgetStatus[] {
  const limits = budget?.models ?? {};
  const models = new Set([...Object.keys(usage?.models ?? {}), ...Object.keys(usage?.reservedByModel ?? {}), ...Object.keys(limits)]);
  return [...models]
    .map((model): ModelBudgetStatus => {
      const totals = (usage === undefined ? undefined : getOwn(usage.models, model)) ?? emptyUsageTotals();
      const reserved = (usage === undefined ? undefined : getOwn(usage.reservedByModel, model)) ?? 0;
      const entry: ModelBudgetStatus = {
        model,
        spent: money(totals.spentMicroUsd),
        reserved: money(reserved),
        requests: totals.requests,
        unpricedRequests: totals.unpricedRequests,
      };
      const limit = getOwn(limits, model);
      if (limit !== undefined) {
        entry.limit = money(limit);
        entry.remaining = money(Math.max(0, limit - totals.spentMicroUsd - reserved));
        entry.percent = percentOf(totals.spentMicroUsd, limit);
      }
      return entry;
    })
    .sort((a, b) => b.spent.microUsd - a.spent.microUsd || a.model.localeCompare(b.model));
}

/** One decimal; a zero limit (everything blocked) reads as fully used. */
/** Each tag budget with the spend of its pair, by scope. */
export function tagBudgetStatuses(budgets: Record<string, TagBudget>, tags: readonly TagUsage[], alerts: readonly FiredAlert[] = []): TagBudgetStatus[] {
  const sums = new Map<string, TagUsage>();
  for (const tag of tags) if (tag.value !== undefined) sums.set(`${tag.name}=${tag.value}`, tag);
  return Object.entries(budgets)
    .sort(([a], [b]) => compare(a, b))
    .map(([scope, budget]): TagBudgetStatus => {
      const totals = sums.get(scope)?.totals;
      const spent = totals?.spentMicroUsd ?? 0;
      const limit = budget.monthlyLimitMicroUsd;
      return {
        tag: scope,
        limit: money(limit),
        spent: money(spent),
        remaining: money(Math.max(0, limit - spent)),
        percent: percentOf(spent, limit),
        requests: totals?.requests ?? 0,
        // Fired against this limit: a changed limit re-arms them, as a provider's.
        alerts: alerts.filter((alert) => alert.provider === scope && alert.limitMicroUsd === limit),
      };
    });
}

function percentOf(spent: number, limit: number): number {
  if (limit <= 0) return 100;
  return Math.round((spent * 1000) / limit) / 10;
}

/** Tag sums as shown, largest spend first, then by name and value. */
export function tagSpends(tags: readonly TagUsage[], only?: string): TagSpend[] {
  return tags
    .filter((tag) => only === undefined || tag.name === only)
    .map((tag): TagSpend => {
      const { totals } = tag;
      const spend: TagSpend = {
        name: tag.name,
        spent: money(totals.spentMicroUsd),
        requests: totals.requests,
        unpricedRequests: totals.unpricedRequests,
        errorRequests: totals.errorRequests,
        inputTokens: totals.inputTokens,
        outputTokens: totals.outputTokens,
      };
      if (tag.value !== undefined) spend.value = tag.value;
      return spend;
    })
    .sort(
      (a, b) =>
        b.spent.microUsd - a.spent.microUsd ||
        compare(a.name, b.name) ||
        // The values past the bound come after the named ones.
        (a.value === undefined ? 1 : 0) - (b.value === undefined ? 1 : 0) ||
        compare(a.value ?? '', b.value ?? ''),
    );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
