import type { LedgerRecord } from '@aegis-llm/core';

export interface LatencyPercentiles {
  p50: number;
  p95: number;
  /** How many requests they are taken from. */
  count: number;
}

/**
 * The median and 95th percentile of request latencies, nearest-rank (the
 * value of a real request, never an interpolation): one 30 s timeout moves
 * p95, not the median, where it moved the average tenfold. Undefined with
 * no requests.
 */
export function latencyPercentiles(latencies: readonly number[]): LatencyPercentiles | undefined {
  if (latencies.length === 0) return undefined;
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { p50: at(50), p95: at(95), count: sorted.length };
}

/** Latencies of the requests among `records` (not connection tests, not failed attempts) by `provider`, `provider/model`, and `` for all. */
export function latenciesByTarget(records: readonly LedgerRecord[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (key: string, value: number) => {
    const list = out.get(key);
    if (list === undefined) out.set(key, [value]);
    else list.push(value);
  };
  for (const record of records) {
    if (record.kind === 'test' || record.attemptOf !== undefined) continue;
    add('', record.latencyMs);
    add(record.provider, record.latencyMs);
    add(`${record.provider}/${record.model}`, record.latencyMs);
  }
  return out;
}
