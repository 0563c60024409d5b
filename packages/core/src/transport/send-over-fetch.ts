import { UpstreamConnectionError } from './upstream-connection-error.js';
import type { SendUpstream } from './upstream-exchange.js';

/**
 * The exchange over a `fetch` (one injected into the gateway, or the global
 * one when no transport is given): the same contract as the upstream
 * transport's `send`, with fetch's WHATWG objects in the answer.
 */
export function sendOverFetch(doFetch: typeof fetch): SendUpstream {
  return async (request) => {
    try {
      return await doFetch(request.url, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body,
        signal: request.signal,
      });
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      throw new UpstreamConnectionError(error instanceof TypeError && error.cause !== undefined ? error.cause : error);
    }
  };
}
