import { buildPeriodSnapshot } from '../build-period-snapshot.js';
import type { FiredAlert, PeriodSnapshot, ProviderUsage } from '../store.js';
import type { LedgerDocument } from './ledger-document.js';
import { getOwn, setOwn } from './own-entry.js';
import { unpackProviderUsage } from './read-usage-from-document.js';

/** The budget view of one period: O(providers x models + open reservations). Returns copies. */
export function readPeriodFromDocument(doc: LedgerDocument, period: string, now: number): PeriodSnapshot {
  const usage: Record<string, ProviderUsage> = {};
  for (const [provider, packed] of Object.entries(getOwn(doc.months, period) ?? {})) {
    setOwn(usage, provider, unpackProviderUsage(packed));
  }
  const alerts: FiredAlert[] = [];
  for (const [provider, byThreshold] of Object.entries(getOwn(doc.alerts, period) ?? {})) {
    for (const [threshold, state] of Object.entries(byThreshold)) {
      alerts.push({ period, provider, threshold: Number(threshold), ...state });
    }
  }
  return buildPeriodSnapshot({ period, usage, reservations: Object.values(doc.reservations), alerts, now });
}
