import type { AlertDeliveryStatus } from '../store.js';
import type { WebhookStatus } from './budget-status.js';

/**
 * The alert webhook's state from the outbox every process on the store
 * shares: the latest delivery, the latest failed attempt and why (kept after
 * a later success), and what is still pending or given up.
 */
export function webhookStatus(deliveries: readonly AlertDeliveryStatus[], config: { configured: boolean; signed: boolean }): WebhookStatus {
  const status: WebhookStatus = {
    configured: config.configured,
    signed: config.signed,
    pending: deliveries.filter((d) => d.state === 'pending').length,
    failed: deliveries.filter((d) => d.state === 'failed').length,
  };
  const delivered = latest(deliveries, (d) => d.deliveredAt);
  if (delivered?.deliveredAt !== undefined) status.lastSuccess = { at: delivered.deliveredAt, alertId: delivered.id, type: delivered.type };
  const failed = latest(deliveries, (d) => d.lastFailedAt);
  if (failed?.lastFailedAt !== undefined) {
    status.lastFailure = { at: failed.lastFailedAt, error: failed.lastFailure ?? 'failed', alertId: failed.id, type: failed.type, state: failed.state };
  }
  return status;
}

function latest(deliveries: readonly AlertDeliveryStatus[], time: (d: AlertDeliveryStatus) => string | undefined): AlertDeliveryStatus | undefined {
  let best: AlertDeliveryStatus | undefined;
  for (const delivery of deliveries) {
    const at = time(delivery);
    if (at !== undefined && (best === undefined || at > (time(best) ?? ''))) best = delivery;
  }
  return best;
}
