import type { UsageRow } from '../../../src/admin/api/api-types.js';
import { ms } from '../format.js';

/** Per provider or per model: spend, requests, errors, fallbacks, latency (per model also first token and tokens). */
export function UsageTable({ rows, byModel, testId }: { rows: UsageRow[]; byModel: boolean; testId: string }) {
  if (rows.length === 0) return <p class="muted">No requests this month yet.</p>;
  // The per-provider table sits beside a chart: it keeps the columns that matter most.
  const full = byModel;
  return (
    <div class="table-scroll">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th>{byModel ? 'Model' : 'Provider'}</th>
            <th class="num">Spend</th>
            <th class="num">Requests</th>
            <th class="num">Errors</th>
            <th class="num" title="Attempts on it that failed, retries and those a fallback went past included">
              Failed attempts
            </th>
            <th class="num">Fallbacks</th>
            <th class="num">Latency p50 / p95</th>
            {full && <th class="num">Avg first token</th>}
            {full && <th class="num">Tokens in / out</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.provider}/${row.model ?? ''}`}>
              <td>{byModel ? `${row.provider}/${row.model ?? ''}` : row.provider}</td>
              <td class="num">
                {row.spentUsd}
                {row.unpriced > 0 && (
                  <span class="muted" title="Requests on unpriced models: their cost is unknown and not in the spend">
                    {' '}
                    +{row.unpriced} unpriced
                  </span>
                )}
              </td>
              <td class="num">{row.requests}</td>
              <td class={`num${row.errors > 0 ? ' bad' : ''}`}>{row.errors}</td>
              <td class={`num${row.failedAttempts > 0 ? ' warn-text' : ''}`} data-col="failed-attempts">
                {row.failedAttempts}
              </td>
              <td class="num">{row.fallbacks}</td>
              <td class="num" title={`average ${ms(row.avgLatencyMs)}`}>
                {row.p50LatencyMs === undefined ? '–' : `${ms(row.p50LatencyMs)} / ${ms(row.p95LatencyMs)}`}
              </td>
              {full && <td class="num">{ms(row.avgTtftMs)}</td>}
              {full && (
                <td class="num">
                  {row.inputTokens.toLocaleString()} / {row.outputTokens.toLocaleString()}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
