import { isAegisError, type LedgerRecord, type UsageReport } from '@aegis-llm/core';
import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import type { Redactor } from '@aegis-llm/core';
import { buildDashboardView } from '../views/build-dashboard-view.js';
import { usageCsv } from '../views/usage-csv.js';
import { AdminHttpError } from './admin-http-error.js';
import { REQUEST_KIND_VIEWS, type RequestKindView } from './api-types.js';
import { sendJson } from './send-json.js';

/** How many of the latest requests the dashboard lists. */
const RECENT_LIMIT = 25;
/**
 * How far back the dashboard reads: p50/p95 latency come from these, and a
 * one-kind list looks this far (a rare kind among many may show fewer than RECENT_LIMIT).
 */
const RECENT_WINDOW = 1_000;

/**
 * The cost dashboard's data; the page polls it while open. `?kind=chat|embed`
 * narrows the latest requests; `?from=2026-11-03&to=2026-11-10` shows those
 * days instead of the month so far (at most USAGE_RANGE_MAX_DAYS back, checked by the core).
 */
export function dashboardRoutes(router: Router, ctx: AdminContext): void {
  router.get('/dashboard', async (req: Request, res: Response) => {
    const kind = recentKind(req.query.kind);
    const range = { from: dayParam(req.query.from, 'from'), to: dayParam(req.query.to, 'to') };
    const [usage, status, latest] = await Promise.all([
      // A year: the earlier months' totals are listed too.
      usageOf(ctx, range),
      ctx.gateway.budgetStatus(),
      // Failed attempts too: the error breakdown counts them against the model that failed.
      ctx.gateway.recentRequests(RECENT_WINDOW, { failedAttempts: true }),
    ]);
    // Connection tests are listed only when asked for: they are not traffic.
    const recent = latest
      .filter((record) => record.attemptOf === undefined && (kind === undefined ? kindOf(record) !== 'test' : kindOf(record) === kind))
      .slice(0, RECENT_LIMIT);
    const view = buildDashboardView({ usage, status, recent, latest, now: ctx.now() });
    if (kind !== undefined) view.recentKind = kind;
    sendJson(res, 200, view);
  });

  // Usage per provider and model as a CSV download: one month (`?period=2026-11`,
  // default this month; a year back at most) or the days of a range (`?from=..&to=..`, as /dashboard).
  router.get('/dashboard/export.csv', async (req: Request, res: Response) => {
    const range = { from: dayParam(req.query.from, 'from'), to: dayParam(req.query.to, 'to') };
    const ranged = range.from !== undefined || range.to !== undefined;
    if (ranged && req.query.period !== undefined) {
      throw new AdminHttpError(400, 'bad_request', 'period: give a month or a from/to range, not both.', { field: 'period' });
    }
    const usage = await usageOf(ctx, range);
    let label: string;
    let sums: Array<UsageReport['months'][string] | undefined>;
    if (usage.range !== undefined) {
      label = `${usage.range.from}/${usage.range.to}`;
      sums = usage.range.days.map((day) => usage.days[day]);
    } else {
      label = typeof req.query.period === 'string' && req.query.period !== '' ? req.query.period : usage.period;
      if (!/^\d{4}-\d{2}$/.test(label) || !isWithinYear(label, usage.period)) {
        throw new AdminHttpError(400, 'bad_request', 'period: expected a month (YYYY-MM) of the last twelve.', { field: 'period' });
      }
      sums = [usage.months[label]];
    }
    const redact = res.locals.adminRedact as Redactor | undefined;
    const text = usageCsv(label, sums);
    res.status(200).setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="aegis-llm-usage-${label.replace('/', '_to_')}.csv"`);
    res.type('text/csv; charset=utf-8').send(redact === undefined ? text : redact(text));
  });
}

async function usageOf(ctx: AdminContext, range: { from?: string; to?: string }) {
  try {
    return await ctx.gateway.usage(range.from === undefined && range.to === undefined ? { months: 12 } : { months: 12, ...range });
  } catch (error) {
    // The core checks the range and names the field.
    if (isAegisError(error) && error.kind === 'bad_request') {
      throw new AdminHttpError(400, 'bad_request', error.message, { field: error.details?.field ?? 'from' });
    }
    throw error;
  }
}

/** A day of a date range as given, or undefined; anything but one short string is refused here. */
function dayParam(raw: unknown, field: 'from' | 'to'): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 40) throw new AdminHttpError(400, 'bad_request', `${field}: expected a day as YYYY-MM-DD.`, { field });
  return raw;
}

/** `2026-01` is within the twelve months up to `2026-11`. */
function isWithinYear(period: string, current: string): boolean {
  const index = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
  const back = index(current) - index(period);
  return Number(period.slice(5, 7)) >= 1 && Number(period.slice(5, 7)) <= 12 && back >= 0 && back < 12;
}

function kindOf(record: LedgerRecord): RequestKindView {
  return record.kind ?? 'chat';
}

function recentKind(raw: unknown): RequestKindView | undefined {
  if (raw === undefined || raw === '' || raw === 'all') return undefined;
  const found = REQUEST_KIND_VIEWS.find((kind) => kind === raw);
  if (found === undefined) {
    throw new AdminHttpError(400, 'bad_request', `kind: expected one of all, ${REQUEST_KIND_VIEWS.join(', ')}.`, { field: 'kind' });
  }
  return found;
}
