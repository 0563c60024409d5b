import { useState } from 'preact/hooks';
import type { DashboardResponse } from '../../../src/admin/api/api-types.js';
import { api, ApiFailure } from '../api-client.js';

export interface DayRange {
  from: string;
  to: string;
}

/** `?from=..&to=..` for a range, `` for the month so far. */
export function rangeQuery(range: DayRange | undefined): string {
  return range === undefined ? '' : `from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
}

/**
 * From and To days for the dashboard: checked by the server before the page
 * switches to them (a refused range is said beside its field, the figures
 * shown stay as they were); "This month" goes back to the month so far.
 */
export function RangeForm({ data, range, onChange }: { data: DashboardResponse; range: DayRange | undefined; onChange(next: DayRange | undefined): void }) {
  const [from, setFrom] = useState(range?.from ?? data.days[0] ?? data.today);
  const [to, setTo] = useState(range?.to ?? data.today);
  const [error, setError] = useState<{ field: string; message: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const earliest = new Date(Date.parse(`${data.today}T00:00:00Z`) - (data.rangeMaxDays - 1) * 86_400_000).toISOString().slice(0, 10);

  const apply = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const next = { from, to };
      await api<DashboardResponse>('GET', `/dashboard?${rangeQuery(next)}`);
      setError(undefined);
      onChange(next);
    } catch (failure) {
      const field = failure instanceof ApiFailure && failure.field === 'to' ? 'to' : 'from';
      setError({ field, message: failure instanceof Error ? failure.message : String(failure) });
    } finally {
      setBusy(false);
    }
  };
  const describedBy = (field: string) => (error?.field === field ? 'range-error' : undefined);

  return (
    <form class="inline-form range-form" onSubmit={(event) => void apply(event)} data-testid="range-form" aria-label="Days shown">
      <label>
        From{' '}
        <input
          type="date"
          name="from"
          value={from}
          min={earliest}
          max={data.today}
          required
          aria-invalid={error?.field === 'from'}
          aria-describedby={describedBy('from')}
          onInput={(event) => setFrom((event.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        To{' '}
        <input
          type="date"
          name="to"
          value={to}
          min={earliest}
          max={data.today}
          required
          aria-invalid={error?.field === 'to'}
          aria-describedby={describedBy('to')}
          onInput={(event) => setTo((event.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        Show these days
      </button>
      {range !== undefined && (
        <button
          type="button"
          onClick={() => {
            setError(undefined);
            setFrom(`${data.today.slice(0, 7)}-01`);
            setTo(data.today);
            onChange(undefined);
          }}
        >
          This month
        </button>
      )}
      {range !== undefined && (
        <a href={`/admin/api/dashboard/export.csv?${rangeQuery(range)}`} download data-testid="range-csv">
          Download these days as CSV
        </a>
      )}
      <span class="hint">Per-day figures are kept for the last {data.rangeMaxDays} days.</span>
      {error !== undefined && (
        <p class="field-error" id="range-error" role="alert">
          {error.message}
        </p>
      )}
    </form>
  );
}
