import { createFallbackRun } from '../routing/fallback-run.js';
import { readWithFallback } from '../routing/read-with-fallback.js';
import type { ChatRequest, ChatResult } from '../types.js';
import { withPartial } from './collect-result.js';
import type { GatewayContext } from './gateway-context.js';
import { createRequestAccount, type RequestAccountOptions } from './request-account.js';
import { routeRequest } from './route-request.js';

/**
 * One answer: the request of runRequest (same plan, budget, fallback and
 * ledger record, through request-account.ts and route-request.ts) read to its
 * end by readWithFallback, without the public stream events in between
 * (collectResult(runRequest(...)) gives the same answer for more CPU).
 * A failure is thrown as the AegisError it was, with what had been
 * delivered in `details.partial`.
 */
export async function runChat(ctx: GatewayContext, request: ChatRequest, options: RequestAccountOptions = {}): Promise<ChatResult> {
  const account = createRequestAccount(ctx, request, options);
  try {
    const route = routeRequest(ctx, request, false, account);
    const run = createFallbackRun(route.targets, route.options);
    account.routed = run;
    await readWithFallback(run, route.open, account.record);
    return await account.charge('ok');
  } catch (thrown) {
    const { error, result } = await account.fail(thrown);
    throw withPartial(error, result);
  }
}
