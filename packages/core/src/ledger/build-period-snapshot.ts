import { ensureOwn, getOwn, setOwn } from '../util/own-entry.js';
import type { FiredAlert, PeriodSnapshot, ProviderPeriodUsage, ProviderUsage, StoredReservation } from './store.js';
import { emptyUsageTotals } from './usage-totals.js';

export interface PeriodSnapshotParts {
  period: string;
  /** The period's sums per provider, as the store keeps them. */
  usage: Record<string, ProviderUsage>;
  /** Every reservation the store holds: those of other periods and expired ones are skipped. */
  reservations: Iterable<StoredReservation>;
  alerts: FiredAlert[];
  now: number;
}

/**
 * The budget view of one period from what a store read: sums, plus the room
 * open reservations hold per provider and model, plus the fired alerts in
 * the order they fired. Shared by every store, so they answer alike.
 */
export function buildPeriodSnapshot(parts: PeriodSnapshotParts): PeriodSnapshot {
  const providers: Record<string, ProviderPeriodUsage> = {};
  const entry = (provider: string): ProviderPeriodUsage =>
    ensureOwn(providers, provider, () => ({
      total: emptyUsageTotals(),
      models: {},
      reservedMicroUsd: 0,
      reservedByModel: {},
      openReservations: 0,
    }));
  for (const [provider, usage] of Object.entries(parts.usage)) Object.assign(entry(provider), usage);
  for (const reservation of parts.reservations) {
    if (reservation.period !== parts.period || reservation.expiresAt <= parts.now) continue;
    const target = entry(reservation.provider);
    const amount = reservation.amountMicroUsd ?? 0;
    target.openReservations += 1;
    target.reservedMicroUsd += amount;
    setOwn(target.reservedByModel, reservation.model, (getOwn(target.reservedByModel, reservation.model) ?? 0) + amount);
  }
  const alerts = [...parts.alerts].sort((a, b) => a.firedAt.localeCompare(b.firedAt) || a.threshold - b.threshold);
  return { period: parts.period, providers, alerts };
}
