import type { FiredAlert, PeriodSnapshot, ProviderPeriodUsage } from '../store.js';
import { emptyUsageTotals } from '../usage-totals.js';
import type { LedgerDocument } from './ledger-document.js';
import { ensureOwn, getOwn, setOwn } from './own-entry.js';
import { unpackProviderUsage } from './read-usage-from-document.js';

/** The budget view of one period: O(providers x models + open reservations). Returns copies. */
export function readPeriodFromDocument(doc: LedgerDocument, period: string, now: number): PeriodSnapshot {
  const providers: Record<string, ProviderPeriodUsage> = {};
  const entry = (provider: string): ProviderPeriodUsage =>
    ensureOwn(providers, provider, () => ({
      total: emptyUsageTotals(),
      models: {},
      reservedMicroUsd: 0,
      reservedByModel: {},
      openReservations: 0,
    }));

  for (const [provider, packed] of Object.entries(getOwn(doc.months, period) ?? {})) {
    Object.assign(entry(provider), unpackProviderUsage(packed));
  }
  for (const reservation of Object.values(doc.reservations)) {
    if (reservation.period !== period || reservation.expiresAt <= now) continue;
    const target = entry(reservation.provider);
    target.openReservations += 1;
    const amount = reservation.amountMicroUsd ?? 0;
    target.reservedMicroUsd += amount;
    const byModel = target.reservedByModel;
    setOwn(byModel, reservation.model, (getOwn(byModel, reservation.model) ?? 0) + amount);
  }

  const alerts: FiredAlert[] = [];
  for (const [provider, byThreshold] of Object.entries(getOwn(doc.alerts, period) ?? {})) {
    for (const [threshold, state] of Object.entries(byThreshold)) {
      alerts.push({ period, provider, threshold: Number(threshold), ...state });
    }
  }
  alerts.sort((a, b) => a.firedAt.localeCompare(b.firedAt) || a.threshold - b.threshold);
  return { period, providers, alerts };
}
