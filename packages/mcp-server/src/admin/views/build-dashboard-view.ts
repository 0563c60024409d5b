import { formatUsd, type BudgetStatus, type LedgerRecord, type UsageReport } from '@aegis-llm/core';
import type { DashboardResponse, ForecastWarningView, MonthSummaryView, RecentRequestView, TagSpendView, UsageRow } from '../api/api-types.js';
import { entryOf, setEntry } from '../config-file/raw-config.js';
import { alertViews } from './alert-views.js';
import { daysOfMonthSoFar } from './days-of-month.js';
import { latenciesByTarget, latencyPercentiles } from './latency-percentiles.js';
import { usageRow } from './usage-row.js';

export interface DashboardInput {
  usage: UsageReport;
  status: BudgetStatus;
  recent: LedgerRecord[];
  /** This month's latest requests, as many as the ledger lists: p50/p95 latency are taken from them. */
  latest?: LedgerRecord[];
  now: Date;
}

/** The cost dashboard: this month per day, per provider and per model, alerts fired, latest requests. */
export function buildDashboardView(input: DashboardInput): DashboardResponse {
  const { usage, status } = input;
  const days = daysOfMonthSoFar(usage.period, usage.timeZone, input.now);
  const month = usage.months[usage.period] ?? {};

  const providerIds = Object.keys(month).sort();
  const spendByDay: Record<string, number[]> = {};
  for (const provider of providerIds) {
    setEntry(
      spendByDay,
      provider,
      days.map((day) => ownUsage(usage.days[day], provider)?.total.spentMicroUsd ?? 0),
    );
  }
  const requestsByDay = days.map((day) =>
    Object.values(usage.days[day] ?? {}).reduce((sum, providerUsage) => sum + providerUsage.total.requests, 0),
  );

  const providers = providerIds.map((provider) => usageRow(provider, undefined, [month[provider]?.total]));
  const models: UsageRow[] = providerIds
    .flatMap((provider) =>
      Object.entries(month[provider]?.models ?? {}).map(([model, totals]) => usageRow(provider, model, [totals])),
    )
    .sort((a, b) => b.spentMicroUsd - a.spentMicroUsd || b.requests - a.requests);
  const totals = usageRow('all', undefined, providerIds.map((provider) => month[provider]?.total));
  const latencies = latenciesByTarget(input.latest ?? [], usage.period);
  const withPercentiles = (row: UsageRow, key: string): UsageRow => {
    const found = latencyPercentiles(latencies.get(key) ?? []);
    return found === undefined ? row : { ...row, p50LatencyMs: found.p50, p95LatencyMs: found.p95 };
  };

  return {
    period: usage.period,
    timeZone: usage.timeZone,
    generatedAt: input.now.toISOString(),
    days,
    spendByDay,
    requestsByDay,
    totals: withPercentiles(totals, ''),
    providers: providers.map((row) => withPercentiles(row, row.provider)),
    models: models.map((row) => withPercentiles(row, `${row.provider}/${row.model ?? ''}`)),
    alerts: alertViews(status),
    months: monthSummaries(usage),
    forecasts: forecastWarnings(status),
    latencySample: latencies.get('')?.length ?? 0,
    tags: status.tags.map((tag) => {
      const view: TagSpendView = {
        name: tag.name,
        spentUsd: tag.spent.usd,
        spentMicroUsd: tag.spent.microUsd,
        requests: tag.requests,
        unpriced: tag.unpricedRequests,
        errors: tag.errorRequests,
      };
      if (tag.value !== undefined) view.value = tag.value;
      return view;
    }),
    recent: input.recent.map(recentView),
  };
}

/** The current month, then every earlier month the report holds that had traffic, newest first. */
function monthSummaries(usage: UsageReport): MonthSummaryView[] {
  return Object.keys(usage.months)
    .sort()
    .reverse()
    .flatMap((period) => {
      const byProvider = usage.months[period] ?? {};
      const providers = Object.keys(byProvider).map((provider) => ({ provider, totals: entryOf(byProvider, provider) as UsageReport['months'][string][string] }));
      const all = usageRow('all', undefined, providers.map((p) => p.totals.total));
      if (period !== usage.period && all.requests === 0 && all.spentMicroUsd === 0 && all.failedAttempts === 0) return [];
      return [
        {
          period,
          spentUsd: all.spentUsd,
          spentMicroUsd: all.spentMicroUsd,
          requests: all.requests,
          errors: all.errors,
          failedAttempts: all.failedAttempts,
          providers: providers
            .map((p) => ({ provider: p.provider, spentUsd: formatUsd(p.totals.total.spentMicroUsd), requests: p.totals.total.requests, micro: p.totals.total.spentMicroUsd }))
            .sort((a, b) => b.micro - a.micro || a.provider.localeCompare(b.provider))
            .map(({ provider, spentUsd, requests }) => ({ provider, spentUsd, requests })),
        },
      ];
    });
}

function forecastWarnings(status: BudgetStatus): ForecastWarningView[] {
  return status.providers.flatMap((p) => {
    const limit = p.limit?.microUsd;
    const projected = p.projectedMonthEnd;
    if (!p.budgeted || limit === undefined || projected === undefined || projected.microUsd <= limit || p.limit === undefined) return [];
    const percent = limit === 0 ? 100 : Math.round((projected.microUsd / limit) * 1000) / 10;
    return [{ provider: p.provider, projectedUsd: projected.usd, limitUsd: p.limit.usd, percent }];
  });
}

function recentView(record: LedgerRecord): RecentRequestView {
  const view: RecentRequestView = {
    time: record.time,
    provider: record.provider,
    model: record.model,
    outcome: record.outcome,
    latencyMs: record.latencyMs,
    attempts: record.attempts,
    kind: record.kind ?? 'chat',
  };
  if (record.task !== undefined) view.task = record.task;
  if (record.costMicroUsd !== undefined) view.costUsd = formatUsd(record.costMicroUsd);
  if (record.fallbackFrom !== undefined) view.fallbackFrom = record.fallbackFrom;
  if (record.tags !== undefined) view.tags = Object.entries(record.tags);
  return view;
}

/** One provider's usage of a day; provider ids are names (`constructor` is a valid endpoint). */
type DayUsage = UsageReport['days'][string];
function ownUsage(day: DayUsage | undefined, provider: string): DayUsage[string] | undefined {
  return day === undefined ? undefined : (entryOf(day, provider) as DayUsage[string] | undefined);
}
