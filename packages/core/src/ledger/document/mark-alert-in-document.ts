import type { FiredAlert, OutboxAlert } from '../store.js';
import type { DocumentTransaction } from './document-transaction.js';
import { enqueueAlertInDocument } from './enqueue-alert-in-document.js';
import { firedAlertKey, type StoredAlert } from './ledger-document.js';
import { ensureOwn, getOwn, setOwn } from '../../util/own-entry.js';

/**
 * Records a fired threshold; true only if it had not fired in the period
 * for this limit yet (a new limit re-arms every threshold: firedAlertKey).
 * With `delivery`, queues it in the outbox in the same commit.
 */
export function markAlertInDocument(tx: DocumentTransaction, alert: FiredAlert, delivery?: OutboxAlert): boolean {
  const byThreshold: Record<string, StoredAlert> = ensureOwn(
    ensureOwn(tx.doc.alerts, alert.period, () => ({})),
    alert.provider,
    () => ({}),
  );
  const key = firedAlertKey(alert);
  if (getOwn(byThreshold, key) !== undefined) return false;
  // Written before limits re-armed alerts: keyed by the threshold alone.
  const legacy = getOwn(byThreshold, String(alert.threshold));
  if (legacy !== undefined && legacy.limitMicroUsd === alert.limitMicroUsd) return false;
  const stored: StoredAlert = {
    firedAt: alert.firedAt,
    spentMicroUsd: alert.spentMicroUsd,
    limitMicroUsd: alert.limitMicroUsd,
  };
  if (delivery !== undefined) {
    stored.alertId = delivery.id;
    enqueueAlertInDocument(tx.doc, delivery, tx.now, tx.logger);
  }
  setOwn(byThreshold, key, stored);
  return true;
}
