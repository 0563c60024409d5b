import { useMemo, useState } from 'preact/hooks';
import type { DashboardResponse, RequestKindView } from '../../../src/admin/api/api-types.js';
import { AlertsList } from '../components/alerts-list.js';
import { ChartCanvas } from '../components/chart-canvas.js';
import { ms } from '../format.js';
import { useResource } from '../use-resource.js';
import { dailySpendChart, modelSpendChart } from './chart-configs.js';
import { DailyTable } from './daily-table.js';
import { ErrorBreakdownTable } from './error-breakdown-table.js';
import { RangeForm, rangeQuery, type DayRange } from './range-form.js';
import { RequestLog } from './request-log.js';
import { MonthTable } from './month-table.js';
import { RecentTable } from './recent-table.js';
import { TagTable } from './tag-table.js';
import { UsageTable } from './usage-table.js';

/** How often the dashboard refreshes while open. */
const POLL_MS = 5_000;

/** This month's cost: per day, per provider, per model; requests, errors, fallbacks, latency; alerts. */
export function DashboardPage() {
  const [recentKind, setRecentKind] = useState<RequestKindView | 'all'>('all');
  const [range, setRange] = useState<DayRange | undefined>(undefined);
  const query = [recentKind === 'all' ? '' : `kind=${recentKind}`, rangeQuery(range)].filter((part) => part !== '').join('&');
  const dashboard = useResource<DashboardResponse>(query === '' ? '/dashboard' : `/dashboard?${query}`, POLL_MS);
  const data = dashboard.data;
  const daily = useMemo(() => (data === undefined ? undefined : dailySpendChart(data)), [data]);
  const byModel = useMemo(() => (data === undefined ? undefined : modelSpendChart(data)), [data]);
  if (data === undefined || daily === undefined || byModel === undefined) {
    return <div class="page">{dashboard.error ?? <p class="loading">Loading…</p>}</div>;
  }
  const t = data.totals;
  // What the figures cover: this month so far, or the days asked for.
  const shown =
    data.range === undefined ? 'this month' : data.range.from === data.range.to ? `on ${data.range.from}` : `${data.range.from} to ${data.range.to}`;
  const p50p95 = t.p50LatencyMs === undefined ? '–' : `${ms(t.p50LatencyMs)} / ${ms(t.p95LatencyMs)}`;

  return (
    <div class="page">
      <div class="page-head">
        <h1>Cost dashboard</h1>
        <button type="button" onClick={() => void dashboard.reload()}>
          Refresh now
        </button>
        <p class="muted" data-testid="updated">
          {data.range === undefined ? data.period : `${data.range.from} – ${data.range.to}`} ({data.timeZone}) · updated{' '}
          {dashboard.updatedAt?.toLocaleTimeString() ?? '–'} · refreshes every {POLL_MS / 1000} s
          {dashboard.error !== undefined && <span class="bad"> · {dashboard.error}</span>}
        </p>
      </div>
      {data.forecasts.map((f) => (
        <p key={f.provider} class="banner-inline warn" role="alert" data-testid={`forecast-${f.provider}`}>
          <strong>{f.provider}</strong> is on course to spend {f.projectedUsd} by month end, {f.percent}% of its {f.limitUsd} budget.{' '}
          <a href="#/budgets">Budgets</a>
        </p>
      ))}
      <RangeForm data={data} range={range} onChange={setRange} />
      <div class="kpis" aria-label={`Figures ${shown}`}>
        <Kpi label={`Spend ${shown}`} value={t.spentUsd} testId="kpi-spend" />
        <Kpi label="Requests" value={String(t.requests)} testId="kpi-requests" />
        <Kpi label="Errors" value={String(t.errors)} tone={t.errors > 0 ? 'bad' : undefined} testId="kpi-errors" />
        <Kpi
          label="Failed attempts"
          value={String(t.failedAttempts)}
          tone={t.failedAttempts > 0 ? 'warn' : undefined}
          testId="kpi-failed-attempts"
          title="Attempts that failed, retries and those a fallback went past included"
        />
        <Kpi label="Fallbacks" value={String(t.fallbacks)} testId="kpi-fallbacks" />
        <Kpi
          label="Latency p50 / p95"
          value={p50p95}
          testId="kpi-latency"
          title={`Of the latest ${data.latencySample} requests ${shown}; average ${ms(t.avgLatencyMs)}`}
        />
        <Kpi label="Alerts fired" value={String(data.alerts.length)} tone={data.alerts.length > 0 ? 'warn' : undefined} testId="kpi-alerts" />
      </div>
      <p class="muted" data-testid="connection-tests">
        Connection tests {shown}: {t.tests} (charged in the spend; not counted as requests, errors or latency).
      </p>
      <section class="card">
        <header class="card-head">
          <h2>Spend per day</h2>
        </header>
        <ChartCanvas
          config={daily}
          label={`Spend per day ${data.range === undefined ? `in ${data.period}` : shown}: ${t.spentUsd} in total. The figures are in the table below.`}
          testId="chart-daily"
        />
        <DailyTable data={data} id="daily-figures" />
      </section>
      <div class="grid wide">
        <section class="card">
          <header class="card-head">
            <h2>Per provider</h2>
          </header>
          <UsageTable rows={data.providers} byModel={false} testId="table-providers" />
        </section>
        <section class="card">
          <header class="card-head">
            <h2>Spend per model</h2>
          </header>
          <ChartCanvas
            config={byModel}
            label={`Spend per model ${shown}: ${data.models.map((m) => `${m.provider}/${m.model ?? ''} ${m.spentUsd}`).join(', ') || 'none yet'}. The Per model table has every figure.`}
            height={Math.max(160, 28 * data.models.length + 60)}
            testId="chart-models"
          />
        </section>
      </div>
      <section class="card">
        <header class="card-head">
          <h2>Per model</h2>
        </header>
        <UsageTable rows={data.models} byModel testId="table-models" />
      </section>
      <section class="card">
        <header class="card-head">
          <h2>Errors by kind</h2>
        </header>
        <ErrorBreakdownTable rows={data.errorBreakdown} sample={data.errorSample} />
      </section>
      <section class="card">
        <header class="card-head">
          <h2>Request log</h2>
        </header>
        <RequestLog range={range} />
      </section>
      <section class="card">
        <header class="card-head">
          <h2>By month</h2>
        </header>
        <MonthTable months={data.months} />
      </section>
      <section class="card">
        <header class="card-head">
          <h2>Spend per tag</h2>
        </header>
        <TagTable tags={data.tags} />
      </section>
      <section class="card">
        <header class="card-head">
          <h2>Alerts fired</h2>
        </header>
        <AlertsList alerts={data.alerts} />
      </section>
      <section class="card">
        <header class="card-head">
          <h2>Latest requests</h2>
          <label class="inline">
            Show{' '}
            <select
              data-testid="recent-kind"
              value={recentKind}
              onChange={(event) => setRecentKind((event.target as HTMLSelectElement).value as RequestKindView | 'all')}
            >
              <option value="all">all requests</option>
              <option value="chat">chat</option>
              <option value="embed">embeddings</option>
              <option value="test">connection tests</option>
            </select>
          </label>
        </header>
        <RecentTable rows={data.recent} />
      </section>
    </div>
  );
}

function Kpi({ label, value, tone, testId, title }: { label: string; value: string; tone?: 'bad' | 'warn'; testId: string; title?: string }) {
  return (
    <div class={`kpi${tone === undefined ? '' : ` ${tone}`}`} data-testid={testId} title={title}>
      <span class="kpi-label">{label}</span>
      <span class="kpi-value">{value}</span>
    </div>
  );
}
