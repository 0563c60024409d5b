import type { FiredAlert } from '../store.js';
import type { LedgerDocument } from './ledger-document.js';
import { ensureOwn, getOwn, setOwn } from './own-entry.js';

/** Records a fired threshold; true only if it had not fired in the period yet. */
export function markAlertInDocument(doc: LedgerDocument, alert: FiredAlert): boolean {
  const byThreshold = ensureOwn(ensureOwn(doc.alerts, alert.period, () => ({})), alert.provider, () => ({}));
  const key = String(alert.threshold);
  if (getOwn(byThreshold, key) !== undefined) return false;
  setOwn(byThreshold, key, {
    firedAt: alert.firedAt,
    spentMicroUsd: alert.spentMicroUsd,
    limitMicroUsd: alert.limitMicroUsd,
  });
  return true;
}
