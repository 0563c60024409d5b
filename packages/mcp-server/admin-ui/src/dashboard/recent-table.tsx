import type { RecentRequestView } from '../../../src/admin/api/api-types.js';
import { ms, time } from '../format.js';

const KIND_LABEL: Record<RecentRequestView['kind'], string> = { chat: 'chat', embed: 'embeddings', test: 'connection test' };

/** The latest requests, newest first. */
export function RecentTable({ rows, testId = 'recent' }: { rows: RecentRequestView[]; testId?: string }) {
  if (rows.length === 0)
    return (
      <p class="muted" data-testid={testId}>
        No requests yet.
      </p>
    );
  return (
    <div class="table-scroll">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th>Time</th>
            <th>Target</th>
            <th>Kind</th>
            <th>Task</th>
            <th>Tags</th>
            <th>Outcome</th>
            <th class="num">Attempts</th>
            <th class="num">Latency</th>
            <th class="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={`${row.time}-${index}`}>
              <td>{time(row.time)}</td>
              <td>
                {row.provider}/{row.model}
                {row.fallbackFrom !== undefined && <span class="muted"> (fallback from {row.fallbackFrom})</span>}
              </td>
              <td>{KIND_LABEL[row.kind]}</td>
              <td>{row.task ?? '–'}</td>
              <td class="tags">{row.tags === undefined ? '–' : row.tags.map(([name, value]) => `${name}=${value}`).join(' ')}</td>
              <td class={row.outcome === 'ok' ? undefined : 'bad'}>{row.outcome}</td>
              <td class="num">{row.attempts}</td>
              <td class="num">{ms(row.latencyMs)}</td>
              <td class="num">{row.costUsd ?? 'unpriced'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
