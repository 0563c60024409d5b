import type { LedgerRecord } from '@aegis-llm/core';
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

/** The cost dashboard's data; the page polls it while open. `?kind=chat|embed` narrows the latest requests. */
export function dashboardRoutes(router: Router, ctx: AdminContext): void {
  router.get('/dashboard', async (req: Request, res: Response) => {
    const kind = recentKind(req.query.kind);
    const [usage, status, latest] = await Promise.all([
      // A year: the earlier months' totals are listed too.
      ctx.gateway.usage({ months: 12 }),
      ctx.gateway.budgetStatus(),
      ctx.gateway.recentRequests(RECENT_WINDOW),
    ]);
    // Connection tests are listed only when asked for: they are not traffic.
    const recent = latest.filter((record) => (kind === undefined ? kindOf(record) !== 'test' : kindOf(record) === kind)).slice(0, RECENT_LIMIT);
    const view = buildDashboardView({ usage, status, recent, latest, now: ctx.now() });
    if (kind !== undefined) view.recentKind = kind;
    sendJson(res, 200, view);
  });

  // One month's usage per provider and model as a CSV download (`?period=2026-11`, default this month; a year back at most).
  router.get('/dashboard/export.csv', async (req: Request, res: Response) => {
    const usage = await ctx.gateway.usage({ months: 12 });
    const period = typeof req.query.period === 'string' && req.query.period !== '' ? req.query.period : usage.period;
    if (!/^\d{4}-\d{2}$/.test(period) || !isWithinYear(period, usage.period)) {
      throw new AdminHttpError(400, 'bad_request', 'period: expected a month (YYYY-MM) of the last twelve.', { field: 'period' });
    }
    const redact = res.locals.adminRedact as Redactor | undefined;
    const text = usageCsv(usage, period);
    res.status(200).setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="aegis-llm-usage-${period}.csv"`);
    res.type('text/csv; charset=utf-8').send(redact === undefined ? text : redact(text));
  });
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
