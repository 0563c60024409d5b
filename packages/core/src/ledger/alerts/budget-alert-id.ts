import { createHash } from 'node:crypto';
import type { BudgetAlert } from './budget-alert.js';

/**
 * A budget alert's stable id, `budget-2026-11-80-<16 hex>`: the same in every
 * process (a threshold fires once per period, provider and limit), header-safe
 * whatever the provider is called (its name and the limit are hashed).
 */
export function budgetAlertId(alert: Pick<BudgetAlert, 'period' | 'threshold' | 'provider' | 'limitMicroUsd'>): string {
  const provider = createHash('sha256').update(`${alert.provider}\u0000${alert.limitMicroUsd}`).digest('hex').slice(0, 16);
  return `budget-${alert.period}-${alert.threshold}-${provider}`;
}
