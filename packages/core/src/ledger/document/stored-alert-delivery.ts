import type { AlertDeliveryState, AlertDeliveryStatus } from '../store.js';

/**
 * An outbox entry as both stores keep it (a document entry; a JSON value in
 * Redis): times are epoch ms so the Redis scripts can compare them.
 */
export interface StoredAlertDelivery {
  type: string;
  /** The body to POST; dropped once delivered or failed, so finished entries stay small. */
  body?: string;
  facts: Record<string, string | number>;
  state: AlertDeliveryState;
  attempts: number;
  queuedAt: number;
  /** When a pending entry may next be attempted (it was queued, or its retry backoff ends). */
  dueAt: number;
  /** The claim holding it for an attempt, until `claimUntil`. */
  claim?: string;
  claimUntil?: number;
  lastAttemptAt?: number;
  lastError?: string;
  deliveredAt?: number;
  /** The latest failed attempt (epoch ms) and why: kept once delivered, unlike `lastError`. */
  failedAt?: number;
  failure?: string;
}

/**
 * Most entries an outbox keeps: finished ones are trimmed oldest first, and
 * pending ones only if that is not enough (a webhook down through a flood
 * of alerts), with an error log. Bounds the embedded document, rewritten on
 * every commit.
 */
export const MAX_OUTBOX_ENTRIES = 100;

/** Why an alert whose holder never reported back is given up. */
export const UNREPORTED_ATTEMPT = 'the last attempt did not report back (its process may have died)';

export function toDeliveryStatus(id: string, stored: StoredAlertDelivery): AlertDeliveryStatus {
  const iso = (ms: number) => new Date(ms).toISOString();
  const status: AlertDeliveryStatus = { id, type: stored.type, state: stored.state, attempts: stored.attempts, queuedAt: iso(stored.queuedAt) };
  if (stored.lastAttemptAt !== undefined) status.lastAttemptAt = iso(stored.lastAttemptAt);
  if (stored.lastError !== undefined) status.lastError = stored.lastError;
  if (stored.deliveredAt !== undefined) status.deliveredAt = iso(stored.deliveredAt);
  if (stored.failedAt !== undefined) status.lastFailedAt = iso(stored.failedAt);
  if (stored.failure !== undefined) status.lastFailure = stored.failure;
  return status;
}

/** True when `value` has an outbox entry's shape (a Redis value or a hand-edited document may not). */
export function isStoredAlertDelivery(value: unknown): value is StoredAlertDelivery {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.type === 'string' &&
    (entry.state === 'pending' || entry.state === 'delivered' || entry.state === 'failed') &&
    Number.isSafeInteger(entry.attempts) &&
    Number.isFinite(entry.queuedAt) &&
    Number.isFinite(entry.dueAt)
  );
}
