import type { MonthSummaryView } from '../../../src/admin/api/api-types.js';

/** This month and the earlier ones with traffic: spend, requests, errors and failed attempts, and who spent it. */
export function MonthTable({ months }: { months: MonthSummaryView[] }) {
  return (
    <div class="table-scroll">
      <table data-testid="table-months">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" class="num">
              Spend
            </th>
            <th scope="col" class="num">
              Requests
            </th>
            <th scope="col" class="num">
              Errors
            </th>
            <th scope="col" class="num">
              Failed attempts
            </th>
            <th scope="col">By provider</th>
            <th scope="col">Export</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.period} data-period={m.period}>
              <th scope="row">{m.period}</th>
              <td class="num">{m.spentUsd}</td>
              <td class="num">{m.requests}</td>
              <td class={`num${m.errors > 0 ? ' bad' : ''}`}>{m.errors}</td>
              <td class="num">{m.failedAttempts}</td>
              <td>{m.providers.map((p) => `${p.provider} ${p.spentUsd} (${p.requests})`).join(', ') || '–'}</td>
              <td>
                <a href={`/admin/api/dashboard/export.csv?period=${encodeURIComponent(m.period)}`} download aria-label={`Download ${m.period} as CSV`}>
                  CSV
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
