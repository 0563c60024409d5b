import { formatUsd, type LedgerRecord } from '@aegis-llm/core';
import type { RecentRequestView } from '../api/api-types.js';

/** One request as the dashboard and the request log list it: counts, names and times only (a record holds no prompt, answer or key). */
export function recentView(record: LedgerRecord): RecentRequestView {
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
