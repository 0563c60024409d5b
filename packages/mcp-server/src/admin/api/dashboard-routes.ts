import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import { buildDashboardView } from '../views/build-dashboard-view.js';
import { sendJson } from './send-json.js';

/** How many of the latest requests the dashboard lists. */
const RECENT_LIMIT = 25;

/** The cost dashboard's data; the page polls it while open. */
export function dashboardRoutes(router: Router, ctx: AdminContext): void {
  router.get('/dashboard', async (_req: Request, res: Response) => {
    const [usage, status, recent] = await Promise.all([
      ctx.gateway.usage({ months: 1 }),
      ctx.gateway.budgetStatus(),
      ctx.gateway.recentRequests(RECENT_LIMIT),
    ]);
    sendJson(res, 200, buildDashboardView({ usage, status, recent, now: ctx.now() }));
  });
}
