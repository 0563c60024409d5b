import type { ProviderBudgetStatus } from '@aegis-llm/core';

/** Percent of `limit`, clamped to the bar. */
function pct(value: number, limit: number): number {
  return limit <= 0 ? 0 : Math.min(100, Math.max(0, (value / limit) * 100));
}

/**
 * Spent (solid), reserved by requests in flight (striped), the projected
 * month-end spend (a marker) and the alert thresholds (ticks), against the
 * monthly limit.
 */
export function BudgetBar({ status }: { status: ProviderBudgetStatus }) {
  const limit = status.limit?.microUsd;
  if (limit === undefined) {
    return (
      <p class="muted" data-testid={`budget-${status.provider}`}>
        No budget. {status.spent.usd} spent this month, {plural(status.requests, 'request')}
        {status.unpricedRequests > 0 && ` (${status.unpricedRequests} on unpriced models, not in the spend)`}.
      </p>
    );
  }
  const spent = pct(status.spent.microUsd, limit);
  const reserved = Math.min(100 - spent, pct(status.reserved.microUsd, limit));
  const projected = status.projectedMonthEnd === undefined ? undefined : pct(status.projectedMonthEnd.microUsd, limit);
  const over = status.spent.microUsd >= limit;
  const summary = `${status.spent.usd} of ${status.limit?.usd ?? '?'} spent (${status.percent ?? 0}%)`;
  return (
    <div class="budget" data-testid={`budget-${status.provider}`} data-percent={status.percent ?? 0}>
      <div
        class={`bar${over ? ' over' : ''}`}
        role="meter"
        aria-label={`${status.provider} budget`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={status.percent ?? 0}
        aria-valuetext={summary}
      >
        <div class="spent" style={{ width: `${spent}%` }} />
        <div class="reserved" style={{ width: `${reserved}%` }} />
        {(status.alertThresholds ?? []).map((threshold) => (
          <div key={threshold} class="tick" style={{ left: `${Math.min(threshold, 100)}%` }} title={`alert at ${threshold}%`} />
        ))}
        {projected !== undefined && <div class="projected" style={{ left: `${projected}%` }} title="projected month end" />}
      </div>
      <div class="bar-legend">
        <span>
          <i class="swatch spent" /> spent <strong>{status.spent.usd}</strong> of {status.limit?.usd} ({status.percent ?? 0}%)
        </span>
        <span>
          <i class="swatch reserved" /> reserved {status.reserved.usd}
        </span>
        {status.projectedMonthEnd !== undefined && (
          <span>
            <i class="swatch projected" /> projected month end {status.projectedMonthEnd.usd}
          </span>
        )}
        {status.remaining !== undefined && <span>remaining {status.remaining.usd}</span>}
        <span class="muted">
          alerts at {(status.alertThresholds ?? []).map((t) => `${t}%`).join(', ') || 'none'} · at the limit:{' '}
          {status.onLimit === 'fallback' ? 'fall back' : 'block'}
        </span>
      </div>
    </div>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
