import { formatUsd, type UsageTotals } from '@aegis-llm/core';
import type { UsageRow } from '../api/api-types.js';

/** One table row from one or more sums (several for the "all providers" row). Averages are undefined with no data, never 0. */
export function usageRow(provider: string, model: string | undefined, parts: ReadonlyArray<UsageTotals | undefined>): UsageRow {
  const sum = (pick: (t: UsageTotals) => number) => parts.reduce((acc, t) => acc + (t === undefined ? 0 : pick(t)), 0);
  const requests = sum((t) => t.requests);
  const spent = sum((t) => t.spentMicroUsd);
  const ttftCount = sum((t) => t.ttftCount);
  const row: UsageRow = {
    provider,
    requests,
    spentMicroUsd: spent,
    spentUsd: formatUsd(spent),
    errors: sum((t) => t.errorRequests),
    fallbacks: sum((t) => t.fallbackRequests),
    cancelled: sum((t) => t.cancelledRequests),
    unpriced: sum((t) => t.unpricedRequests),
    estimated: sum((t) => t.estimatedRequests),
    inputTokens: sum((t) => t.inputTokens),
    outputTokens: sum((t) => t.outputTokens),
    // Absent in sums an older version wrote: 0.
    failedAttempts: sum((t) => t.failedAttempts ?? 0),
    tests: sum((t) => t.testRequests ?? 0),
  };
  if (model !== undefined) row.model = model;
  if (requests > 0) row.avgLatencyMs = Math.round(sum((t) => t.latencyMsTotal) / requests);
  if (ttftCount > 0) row.avgTtftMs = Math.round(sum((t) => t.ttftMsTotal) / ttftCount);
  return row;
}
