import { formatUsd, USAGE_RANGE_MAX_DAYS, type BudgetStatus, type LedgerRecord, type UsageReport } from '@aegis-llm/core';
import type { DashboardResponse, ForecastWarningView, MonthSummaryView, TagSpendView, UsageRow } from '../api/api-types.js';
import { entryOf } from '../config-file/raw-config.js';
import { alertViews } from './alert-views.js';
import { daysOfMonthSoFar, todayIn } from './days-of-month.js';
import { errorBreakdown } from './error-breakdown.js';
import { latenciesByTarget, latencyPercentiles } from './latency-percentiles.js';
import { scopeFigures } from './scope-figures.js';
import { recentView } from './recent-view.js';
import { usageRow } from './usage-row.js';

export interface DashboardInput {
  usage: UsageReport;
  status: BudgetStatus;
  recent: LedgerRecord[];
  /** The latest requests, as many as the ledger lists: p50/p95 latency and the error breakdown are taken from those of the days shown. */
  latest?: LedgerRecord[];
  now: Date;
}

/**
 * The cost dashboard: per day, per provider and per model (this month so
 * far, or the report's date range), errors by kind, alerts fired, latest requests.
 */
export function buildDashboardView(input: DashboardInput): DashboardResponse {
  const { usage, status } = input;
  const range = usage.range;
  const days = range?.days ?? daysOfMonthSoFar(usage.period, usage.timeZone, input.now);
  // A month's sums, or the range's days summed.
  const sums = range === undefined ? [usage.months[usage.period]] : range.days.map((day) => usage.days[day]);
  const figures = scopeFigures(usage, days, sums);
  const shown = new Set(days);
  const inScope = (input.latest ?? []).filter((record) => (range === undefined ? record.period === usage.period : shown.has(record.day)));

  const latencies = latenciesByTarget(inScope);
  const withPercentiles = (row: UsageRow, key: string): UsageRow => {
    const found = latencyPercentiles(latencies.get(key) ?? []);
    return found === undefined ? row : { ...row, p50LatencyMs: found.p50, p95LatencyMs: found.p95 };
  };

  const view: DashboardResponse = {
    period: usage.period,
    timeZone: usage.timeZone,
    generatedAt: input.now.toISOString(),
    rangeMaxDays: USAGE_RANGE_MAX_DAYS,
    today: todayIn(usage.timeZone, input.now),
    days,
    spendByDay: figures.spendByDay,
    requestsByDay: figures.requestsByDay,
    totals: withPercentiles(figures.totals, ''),
    providers: figures.providers.map((row) => withPercentiles(row, row.provider)),
    models: figures.models.map((row) => withPercentiles(row, `${row.provider}/${row.model ?? ''}`)),
    alerts: alertViews(status),
    months: monthSummaries(usage),
    forecasts: forecastWarnings(status),
    latencySample: latencies.get('')?.length ?? 0,
    errorBreakdown: errorBreakdown(inScope),
    errorSample: inScope.length,
    tags: status.tags.map((tag) => {
      const tagView: TagSpendView = {
        name: tag.name,
        spentUsd: tag.spent.usd,
        spentMicroUsd: tag.spent.microUsd,
        requests: tag.requests,
        unpriced: tag.unpricedRequests,
        errors: tag.errorRequests,
      };
      if (tag.value !== undefined) tagView.value = tag.value;
      return tagView;
    }),
    recent: input.recent.map(recentView),
  };
  if (range !== undefined) view.range = { from: range.from, to: range.to };
  return view;
}

/** The current month, then every earlier month the report holds that had traffic, newest first. */
function monthSummaries(usage: UsageReport): MonthSummaryView[] {
  return Object.keys(usage.months)
    .sort()
    .reverse()
    .flatMap((period) => {
      const byProvider = usage.months[period] ?? {};
      const providers = Object.keys(byProvider).map((provider) => ({
        provider,
        totals: entryOf(byProvider, provider) as UsageReport['months'][string][string],
      }));
      const all = usageRow(
        'all',
        undefined,
        providers.map((p) => p.totals.total),
      );
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
            .map((p) => ({
              provider: p.provider,
              spentUsd: formatUsd(p.totals.total.spentMicroUsd),
              requests: p.totals.total.requests,
              micro: p.totals.total.spentMicroUsd,
            }))
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
