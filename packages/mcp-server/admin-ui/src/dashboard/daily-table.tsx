import type { DashboardResponse } from '../../../src/admin/api/api-types.js';
import { usd } from '../format.js';

/** The per-day chart's figures as a table: its text alternative, for screen readers and for reading exact amounts. */
export function DailyTable({ data, id }: { data: DashboardResponse; id: string }) {
  const providers = Object.keys(data.spendByDay);
  return (
    <details class="chart-table">
      <summary>Per-day figures as a table</summary>
      <div class="table-scroll">
        <table id={id} data-testid="table-daily">
          <caption class="visually-hidden">Spend per day in {data.period}, per provider, and requests</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {providers.map((provider) => (
                <th key={provider} scope="col" class="num">
                  {provider}
                </th>
              ))}
              <th scope="col" class="num">
                Requests
              </th>
            </tr>
          </thead>
          <tbody>
            {data.days.map((day, index) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {providers.map((provider) => (
                  <td key={provider} class="num">
                    {usd(data.spendByDay[provider]?.[index])}
                  </td>
                ))}
                <td class="num">{data.requestsByDay[index] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
