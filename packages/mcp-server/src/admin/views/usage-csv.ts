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

/**
 * One month's usage per provider and model as CSV (RFC 4180: CRLF, quoted
 * where needed). Money in exact micro-USD beside the dollar text. Names come
 * from users: a cell starting with = + - @ (or a tab/CR) gets a leading `'`
 * so a spreadsheet shows it instead of running it as a formula.
 */
export function usageCsv(usage: UsageReport, period: string): string {
  const providers = usage.months[period] ?? {};
  const lines = [HEADER];
  for (const provider of Object.keys(providers).sort()) {
    const models = (entryOf(providers, provider) as UsageReport['months'][string][string]).models;
    for (const model of Object.keys(models).sort()) {
      const row = usageRow(provider, model, [entryOf(models, model) as (typeof models)[string]]);
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

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
