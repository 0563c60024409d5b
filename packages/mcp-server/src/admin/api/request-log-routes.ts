import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import { todayIn } from '../views/days-of-month.js';
import { recentView } from '../views/recent-view.js';
import { matchRequests, parseRequestSearch } from '../views/search-requests.js';
import type { RequestLogResponse } from './api-types.js';
import { sendJson } from './send-json.js';

/**
 * The latest records the log searches: the stores list at most this many
 * (their recent window), so one search reads a bounded amount whatever the
 * history, and says when the window was full.
 */
const LOG_WINDOW = 1_000;

/**
 * `GET /requests`: the request log, newest first, searched by provider,
 * model, task, tag, outcome (an error kind, `error`, `ok`), kind, text and
 * day range, one page (`offset`, `limit` up to 100) at a time.
 */
export function requestLogRoutes(router: Router, ctx: AdminContext): void {
  router.get('/requests', async (req: Request, res: Response) => {
    const search = parseRequestSearch(req.query as Record<string, unknown>, todayIn(ctx.gateway.config.timeZone, ctx.now()));
    // With the failed attempts: the window is what the store reads, so it is full when they fill it too.
    const read = await ctx.gateway.recentRequests(LOG_WINDOW, { failedAttempts: true });
    const records = read.filter((record) => record.attemptOf === undefined);
    const matches = matchRequests(records, search);
    const body: RequestLogResponse = {
      requests: matches.slice(search.offset, search.offset + search.limit).map(recentView),
      total: matches.length,
      offset: search.offset,
      limit: search.limit,
      searched: records.length,
      windowFull: read.length >= LOG_WINDOW,
    };
    sendJson(res, 200, body);
  });
}
