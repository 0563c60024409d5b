import type { UsageReport } from '@aegis-llm/core';
import { entryOf } from '../config-file/raw-config.js';
import { usageRow } from './usage-row.js';

const HEADER = [
  'period',
  'provider',
  'model',
  'spend_usd',
  'spend_micro_usd',
  'requests',
  'errors',
  'failed_attempts',
  'fallbacks',
  'cancelled',
  'unpriced',
  'connection_tests',
  'input_tokens',
  'output_tokens',
  'avg_latency_ms',
];

type ProviderSums = UsageReport['months'][string];

/**
 * Usage per provider and model as CSV (RFC 4180: CRLF, quoted where needed):
 * one month (`period` 2026-11) or a range of days (`period` written as an
 * ISO 8601 interval, 2026-11-03/2026-11-10, its days' sums added up). Money
 * in exact micro-USD beside the dollar text. Names come from users: a cell
 * starting with = + - @ (or a tab/CR) gets a leading `'` so a spreadsheet
 * shows it instead of running it as a formula.
 */
export function usageCsv(period: string, sums: ReadonlyArray<ProviderSums | undefined>): string {
  const lines = [HEADER];
  for (const provider of namesIn(sums, (s) => s)) {
    const perProvider = sums.map((s) => (s === undefined ? undefined : (entryOf(s, provider) as ProviderSums[string] | undefined)));
    for (const model of namesIn(perProvider, (p) => p.models)) {
      const parts = perProvider.map((p) => (p === undefined ? undefined : (entryOf(p.models, model) as ProviderSums[string]['models'][string] | undefined)));
      const row = usageRow(provider, model, parts);
      lines.push([
        period,
        provider,
        model,
        row.spentUsd.replace(/^\$/, ''),
        String(row.spentMicroUsd),
        String(row.requests),
        String(row.errors),
        String(row.failedAttempts),
        String(row.fallbacks),
        String(row.cancelled),
        String(row.unpriced),
        String(row.tests),
        String(row.inputTokens),
        String(row.outputTokens),
        row.avgLatencyMs === undefined ? '' : String(row.avgLatencyMs),
      ]);
    }
  }
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The names keyed in any of these maps, sorted, each once. */
function namesIn<T>(maps: ReadonlyArray<T | undefined>, pick: (map: T) => object): string[] {
  const names = new Set<string>();
  for (const map of maps) if (map !== undefined) for (const name of Object.keys(pick(map))) names.add(name);
  return [...names].sort();
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
