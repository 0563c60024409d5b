import type { ProviderBudget } from '../config/types.js';
import type { Clock } from '../time/clock.js';
import { getOwn } from '../ledger/document/own-entry.js';
import type { Logger } from '../ledger/logger.js';
import type { LedgerStore } from '../ledger/store.js';
import type { AlertNotifier, BudgetAlert } from './budget-alert.js';
import { alertText } from './build-alert-payload.js';
import { thresholdsReached } from './thresholds-reached.js';

export interface BudgetAlertsOptions {
  store: Pick<LedgerStore, 'markAlertFired'>;
  budgets: () => Record<string, ProviderBudget>;
  notifier: AlertNotifier;
  clock: Clock;
  logger: Logger;
  /** ISO instant a period's budget resets. */
  resetAt: (period: string) => string;
}

export interface BudgetAlerts {
  /** Called after each charge with the provider's spend in the period; returns at once. */
  afterCharge(provider: string, period: string, spentMicroUsd: number): void;
  /** Waits for the threshold checks started so far and their webhook deliveries. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Thresholds known fired, remembered per process to skip the store; cleared past this size. */
const MAX_KNOWN = 1000;

/**
 * Budget alerts: after a charge, each threshold the provider's spend has
 * reached fires once per period, across processes (the store's alert-once
 * state decides who is first): logged, kept in the store for budgetStatus,
 * and posted by the notifier. All of it beside the request, never in its way.
 */
export function createBudgetAlerts(options: BudgetAlertsOptions): BudgetAlerts {
  const { store, notifier, clock, logger } = options;
  const known = new Set<string>();
  const running = new Set<Promise<void>>();

  const check = async (provider: string, period: string, spentMicroUsd: number): Promise<void> => {
    const budget = getOwn(options.budgets(), provider);
    if (budget === undefined) return;
    const limit = budget.monthlyLimitMicroUsd;
    for (const threshold of thresholdsReached(spentMicroUsd, limit, budget.alertThresholds)) {
      const key = `${period}\u0000${provider}\u0000${threshold}`;
      if (known.has(key)) continue;
      if (known.size >= MAX_KNOWN) known.clear();
      known.add(key);
      const time = new Date(clock.now()).toISOString();
      let first: boolean;
      try {
        first = await store.markAlertFired({ period, provider, threshold, firedAt: time, spentMicroUsd, limitMicroUsd: limit });
      } catch (error) {
        known.delete(key);
        logger.error('budget alert state could not be saved; will retry on the next charge', {
          provider,
          threshold,
          error: String(error),
        });
        continue;
      }
      if (!first) continue;
      const alert: BudgetAlert = {
        provider,
        threshold,
        percent: limit > 0 ? Math.round((spentMicroUsd * 1000) / limit) / 10 : 100,
        spentMicroUsd,
        limitMicroUsd: limit,
        period,
        time,
        resetAt: options.resetAt(period),
      };
      logger.warn(alertText(alert), { ...alert });
      notifier.notify(alert);
    }
  };

  const settled = async (): Promise<void> => {
    while (running.size > 0) await Promise.all([...running]);
  };

  return {
    afterCharge(provider, period, spentMicroUsd) {
      const task = check(provider, period, spentMicroUsd).catch((error: unknown) => {
        logger.error('budget alert check failed', { error: String(error) });
      });
      running.add(task);
      void task.finally(() => running.delete(task));
    },
    async flush() {
      await settled();
      await notifier.flush();
    },
    async close() {
      await settled();
      await notifier.close();
    },
  };
}
