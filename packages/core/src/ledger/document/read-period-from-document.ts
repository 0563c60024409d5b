import { buildPeriodSnapshot } from '../build-period-snapshot.js';
import type { FiredAlert, PeriodSnapshot, ProviderUsage } from '../store.js';
import type { LedgerDocument } from './ledger-document.js';
import { getOwn, setOwn } from '../../util/own-entry.js';
import { unpackProviderUsage } from './read-usage-from-document.js';
import { isStoredAlertDelivery, toDeliveryStatus } from './stored-alert-delivery.js';

/** The budget view of one period: O(providers x models + open reservations). Returns copies. */
export function readPeriodFromDocument(doc: LedgerDocument, period: string, now: number): PeriodSnapshot {
  const usage: Record<string, ProviderUsage> = {};
  for (const [provider, packed] of Object.entries(getOwn(doc.months, period) ?? {})) {
    setOwn(usage, provider, unpackProviderUsage(packed));
  }
  const alerts: FiredAlert[] = [];
  for (const [provider, byThreshold] of Object.entries(getOwn(doc.alerts, period) ?? {})) {
    for (const [threshold, { alertId, ...state }] of Object.entries(byThreshold)) {
      const alert: FiredAlert = { period, provider, threshold: Number.parseFloat(threshold), ...state };
      const delivery = alertId === undefined || doc.outbox === undefined ? undefined : getOwn(doc.outbox, alertId);
      if (alertId !== undefined && isStoredAlertDelivery(delivery)) alert.delivery = toDeliveryStatus(alertId, delivery);
      alerts.push(alert);
    }
  }
  return buildPeriodSnapshot({ period, usage, reservations: Object.values(doc.reservations), alerts, now });
}
