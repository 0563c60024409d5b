import { AegisError } from '../errors.js';

export interface StoreUnavailableOptions {
  /** The store as shown to people: `redis://host:port/db`, no credentials (describeRedisUrl). */
  store: string;
  /** A short, secret-free reason: `ECONNREFUSED`, `command timed out`, `LOADING`. */
  reason: string;
  /** What happens now and what to do, as one or two sentences. */
  advice: string;
}

/**
 * The error of an operation that needs the shared store while it cannot be
 * reached. Not retryable by the router (its retries would only wait on the
 * same store) and not fallbackable (every target shares the store). No
 * `cause`: a client error can carry the command's arguments (an AUTH
 * password), and causes travel further than messages.
 */
export function storeUnavailableError(options: StoreUnavailableOptions): AegisError {
  return new AegisError('store_unavailable', `The shared store (Redis at ${options.store}) is unreachable (${options.reason}). ${options.advice}`, {
    code: 'STORE_UNAVAILABLE',
    details: { store: options.store, reason: options.reason },
  });
}
