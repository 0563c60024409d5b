import type { RoutingSettings } from './types.js';

/**
 * The longest one request may live: its deadline for silence, or the cap on a
 * request that is delivering, whichever is longer (without `maxRequestMs` the
 * deadline bounds everything). A budget reservation's lease must outlast it
 * (ledger/create-ledger.ts), and a request's own `timeoutMs` is capped at it
 * (gateway/route-request.ts).
 */
export function requestLifeMs(routing: Pick<RoutingSettings, 'requestTimeoutMs' | 'maxRequestMs'>): number {
  return Math.max(routing.requestTimeoutMs, routing.maxRequestMs ?? routing.requestTimeoutMs);
}
