import type { UsageReport, UsageTotals } from '@aegis-llm/core';
import type { UsageRow } from '../api/api-types.js';
import { entryOf, setEntry } from '../config-file/raw-config.js';
import { usageRow } from './usage-row.js';

/** One calendar key's usage (a month's or a day's): provider -> sums. Provider ids are names (`constructor` is a valid endpoint). */
type KeyUsage = UsageReport['days'][string];
type ProviderUsage = KeyUsage[string];

export interface ScopeFigures {
  /** Provider -> micro-USD spent on each of the days. */
  spendByDay: Record<string, number[]>;
  /** Requests on each of the days, all providers. */
  requestsByDay: number[];
  totals: UsageRow;
  providers: UsageRow[];
  /** By spend, then requests. */
  models: UsageRow[];
}

/**
 * The dashboard's figures over the days shown: per day for the chart, and
 * per provider and model summed from `sums` (the month's sums for the month
 * so far, each day's for a date range: the sum of the days is the range).
 */
export function scopeFigures(usage: UsageReport, days: readonly string[], sums: readonly (KeyUsage | undefined)[]): ScopeFigures {
  const own = (at: KeyUsage | undefined, provider: string) => (at === undefined ? undefined : (entryOf(at, provider) as ProviderUsage | undefined));
  const providerIds = [...new Set(sums.flatMap((at) => (at === undefined ? [] : Object.keys(at))))].sort();

  const spendByDay: Record<string, number[]> = {};
  for (const provider of providerIds) {
    setEntry(
      spendByDay,
      provider,
      days.map((day) => own(usage.days[day], provider)?.total.spentMicroUsd ?? 0),
    );
  }
  const requestsByDay = days.map((day) => Object.values(usage.days[day] ?? {}).reduce((sum, providerUsage) => sum + providerUsage.total.requests, 0));

  const providers = providerIds.map((provider) =>
    usageRow(
      provider,
      undefined,
      sums.map((at) => own(at, provider)?.total),
    ),
  );
  const models: UsageRow[] = providerIds
    .flatMap((provider) => {
      const modelIds = [...new Set(sums.flatMap((at) => Object.keys(own(at, provider)?.models ?? {})))];
      return modelIds.map((model) =>
        usageRow(
          provider,
          model,
          sums.map((at) => {
            const models = own(at, provider)?.models;
            return models === undefined ? undefined : (entryOf(models, model) as UsageTotals | undefined);
          }),
        ),
      );
    })
    .sort((a, b) => b.spentMicroUsd - a.spentMicroUsd || b.requests - a.requests);
  const totals = usageRow(
    'all',
    undefined,
    sums.flatMap((at) => providerIds.map((provider) => own(at, provider)?.total)),
  );
  return { spendByDay, requestsByDay, totals, providers, models };
}
