import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AegisError } from '../../errors.js';
import type { AlertDeliveryStatus, LedgerStore } from '../store.js';
import type { AlertNotifier } from './budget-alert.js';
import { toOutboxAlert } from './to-outbox-alert.js';

export interface SendTestAlertOptions {
  notifier: AlertNotifier;
  store: Pick<LedgerStore, 'readAlertDeliveries'>;
  /** Epoch ms now. */
  now: () => number;
  /** How long to wait for the first attempt's outcome. */
  waitMs: number;
}

/**
 * Posts an `aegis-llm.test-alert` the way every alert goes (the store's
 * outbox, signed when a secret is set) and waits for its first attempt:
 * `delivered`, or `pending` with `lastError` (it is retried like any alert),
 * or still `pending` without an outcome when the wait ran out. The answer
 * and the webhook status in budgetStatus show the same outcome.
 */
export async function sendTestAlert(options: SendTestAlertOptions): Promise<AlertDeliveryStatus> {
  const { notifier, store } = options;
  if (!notifier.enabled()) {
    throw new AegisError(
      'not_configured',
      'No alert webhook is set: set alerts.webhookUrl in the config file or AEGIS_LLM_ALERT_WEBHOOK, then send the test again.',
      {
        details: { field: 'alerts.webhookUrl' },
      },
    );
  }
  const time = new Date(options.now()).toISOString();
  const alert = toOutboxAlert({
    id: `test-${randomUUID()}`,
    type: 'aegis-llm.test-alert',
    payload: { text: `Aegis LLM test alert (${time}): alerts reach this webhook.`, test: true, time },
    facts: { test: 'yes' },
  });
  notifier.notify(alert);
  const deadline = Date.now() + options.waitMs;
  let seen: AlertDeliveryStatus | undefined;
  for (;;) {
    seen = (await store.readAlertDeliveries()).find((delivery) => delivery.id === alert.id) ?? seen;
    if (seen !== undefined && (seen.state !== 'pending' || seen.lastFailedAt !== undefined)) return seen;
    if (Date.now() >= deadline) break;
    await sleep(50);
  }
  return seen ?? { id: alert.id, type: alert.type, state: 'pending', attempts: 0, queuedAt: time };
}
