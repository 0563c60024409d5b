import type { ChartConfiguration } from 'chart.js';
import type { DashboardResponse } from '../../../src/admin/api/api-types.js';
import { providerColor } from '../format.js';

const USD_TICK = (value: string | number) => `$${Number(value).toFixed(Number(value) !== 0 && Math.abs(Number(value)) < 0.1 ? 4 : 2)}`;

/** Spend per day (this month, or the range shown), stacked per provider, with the day's request count as a line on its own axis. */
export function dailySpendChart(data: DashboardResponse): ChartConfiguration<'bar' | 'line'> {
  // A range may cross a month end: its days as MM-DD.
  const labels = data.days.map((day) => (data.range === undefined ? day.slice(8) : day.slice(5)));
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        ...Object.entries(data.spendByDay).map(([provider, series]) => ({
          type: 'bar' as const,
          label: provider,
          data: series.map((micro) => micro / 1_000_000),
          backgroundColor: providerColor(provider),
          stack: 'spend',
          yAxisID: 'y',
        })),
        {
          type: 'line' as const,
          label: 'requests',
          data: data.requestsByDay,
          borderColor: '#6b7280',
          backgroundColor: '#6b7280',
          pointRadius: 2,
          borderWidth: 1.5,
          yAxisID: 'requests',
        },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom' } },
      scales: {
        x: { stacked: true, title: { display: true, text: data.range === undefined ? `day of ${data.period}` : 'day' } },
        y: { stacked: true, beginAtZero: true, ticks: { callback: USD_TICK }, title: { display: true, text: 'spend (USD)' } },
        requests: {
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          ticks: { precision: 0 },
          title: { display: true, text: 'requests' },
        },
      },
    },
  };
}

/** Spend per model this month (top 12), coloured by provider. */
export function modelSpendChart(data: DashboardResponse): ChartConfiguration<'bar'> {
  const rows = data.models.slice(0, 12);
  return {
    type: 'bar',
    data: {
      labels: rows.map((row) => `${row.provider}/${row.model ?? '?'}`),
      datasets: [
        {
          label: 'spend (USD)',
          data: rows.map((row) => row.spentMicroUsd / 1_000_000),
          backgroundColor: rows.map((row) => providerColor(row.provider)),
        },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { callback: USD_TICK } } },
    },
  };
}
