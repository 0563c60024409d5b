import { formatUsd } from '@aegis-llm/core';
import type { UsageRow } from '../api/api-types.js';

/** The ledger's running sums (core's UsageTotals, not exported by name), as far as a row needs them. */
export interface Totals {
  requests: number;
  spentMicroUsd: number;
  unpricedRequests: number;
  estimatedRequests: number;
  errorRequests: number;
  cancelledRequests: number;
  fallbackRequests: number;
  inputTokens: number;
  outputTokens: number;
  latencyMsTotal: number;
  ttftMsTotal: number;
  ttftCount: number;
}

/** One table row from one or more sums (several for the "all providers" row). Averages are undefined with no data, never 0. */
export function usageRow(provider: string, model: string | undefined, parts: ReadonlyArray<Totals | undefined>): UsageRow {
  const sum = (pick: (t: Totals) => number) => parts.reduce((acc, t) => acc + (t === undefined ? 0 : pick(t)), 0);
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
  };
  if (model !== undefined) row.model = model;
  if (requests > 0) row.avgLatencyMs = Math.round(sum((t) => t.latencyMsTotal) / requests);
  if (ttftCount > 0) row.avgTtftMs = Math.round(sum((t) => t.ttftMsTotal) / ttftCount);
  return row;
}
