import type { ErrorBreakdownView } from '../../../src/admin/api/api-types.js';

/** Failures per failing model, by error kind: which model fails, and how. */
export function ErrorBreakdownTable({ rows, sample }: { rows: ErrorBreakdownView[]; sample: number }) {
  if (rows.length === 0)
    return (
      <p class="muted" data-testid="table-errors">
        No failures in the days shown (of the latest {sample} records).
      </p>
    );
  return (
    <div class="table-scroll">
      <table data-testid="table-errors">
        <caption class="visually-hidden">Failures per model and error kind</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" class="num">
              Failures
            </th>
            <th scope="col">By kind</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.provider}/${row.model}`} data-model={`${row.provider}/${row.model}`}>
              <th scope="row">
                {row.provider}/{row.model}
              </th>
              <td class="num">{row.failures}</td>
              <td>
                {row.kinds.map((k, index) => (
                  <span key={k.kind} data-kind={k.kind}>
                    {index > 0 && ', '}
                    {k.kind.replace(/_/g, ' ')} <strong>{k.count}</strong>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">Every failed attempt counts against the model that failed, also when a fallback then served (from the latest {sample} records).</p>
    </div>
  );
}
