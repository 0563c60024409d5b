import type { ProviderBudget, TagBudget } from '../../config/types.js';
import type { Clock } from '../../time/clock.js';
import { getOwn } from '../../util/own-entry.js';
import type { Logger } from '../../log/logger.js';
import type { LedgerStore } from '../store.js';
import type { AlertNotifier, BudgetAlert } from './budget-alert.js';
import { alertText, budgetOutboxAlert } from './build-alert-payload.js';
import { thresholdsReached } from './thresholds-reached.js';
import { tagScope } from '../../tags/tag-scope.js';

export interface BudgetAlertsOptions {
  store: Pick<LedgerStore, 'markAlertFired' | 'readPeriod' | 'readTagUsage'>;
  budgets: () => Record<string, ProviderBudget>;
  /** Budgets on one tag, by `name=value`: their thresholds fire as a provider's do. */
  tagBudgets?: () => Record<string, TagBudget>;
  notifier: AlertNotifier;
  clock: Clock;
  logger: Logger;
  /** ISO instant a period's budget resets. */
  resetAt: (period: string) => string;
  /** The budget period now, `2026-11`. */
  currentPeriod: () => string;
  /**
   * Called once per alert this process fired (the first across processes
   * on the store), after it is logged: the gateway's onBudgetAlert.
   */
  onFired?: (alert: BudgetAlert) => void;
}

export interface BudgetAlerts {
  /** Called after each charge with the provider's spend in the period; returns at once. */
  afterCharge(provider: string, period: string, spentMicroUsd: number): void;
  /**
   * Called after a charge of a record with tags; returns at once. The tag
   * sums are read once for the charges of a moment (one read, whatever the
   * rate), and each budgeted tag's thresholds fire as a provider's do.
   */
  afterTagCharge(period: string, tags: Readonly<Record<string, string>>): void;
  /**
   * Once the ledger is in use, in the background: fires the thresholds the
   * period's spend reached that no process marked (one that died between a
   * charge and its check), and wakes the notifier for alerts left pending.
   */
  start(): void;
  /** Waits for the threshold checks started so far and their webhook deliveries. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Thresholds known fired, remembered per process to skip the store; cleared past this size. */
const MAX_KNOWN = 1000;

/**
 * Budget alerts: after a charge, each threshold the provider's spend has
 * reached fires once per period and limit (raising or lowering the limit
 * re-arms the thresholds against the new one), across processes (the store's alert-once
 * state decides who is first): logged, kept in the store for budgetStatus,
 * and, with a webhook, queued in the store's outbox in the same step and
 * posted by the notifier. All of it beside the request, never in its way.
 */
export function createBudgetAlerts(options: BudgetAlertsOptions): BudgetAlerts {
  const { store, notifier, clock, logger } = options;
  const known = new Set<string>();
  const running = new Set<Promise<void>>();
  let started = false;
  // The limit is part of the key: a changed limit re-arms every threshold.
  const keyOf = (period: string, provider: string, threshold: number, limit: number) => `${period}\u0000${provider}\u0000${threshold}\u0000${limit}`;

  const check = async (provider: string, period: string, spentMicroUsd: number): Promise<void> => {
    const budget = getOwn(options.budgets(), provider);
    if (budget !== undefined) await fire(provider, period, spentMicroUsd, budget);
  };

  /** `key` is a provider, or a tag scope (`name=value`, which no provider id can be). */
  const fire = async (key: string, period: string, spentMicroUsd: number, budget: ProviderBudget | TagBudget, tag?: string): Promise<void> => {
    const provider = key;
    const limit = budget.monthlyLimitMicroUsd;
    for (const threshold of thresholdsReached(spentMicroUsd, limit, budget.alertThresholds)) {
      const key = keyOf(period, provider, threshold, limit);
      if (known.has(key)) continue;
      if (known.size >= MAX_KNOWN) known.clear();
      known.add(key);
      const time = new Date(clock.now()).toISOString();
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
      if (tag !== undefined) alert.tag = tag;
      const delivery = notifier.enabled() ? budgetOutboxAlert(alert) : undefined;
      let first: boolean;
      try {
        first = await store.markAlertFired({ period, provider, threshold, firedAt: time, spentMicroUsd, limitMicroUsd: limit }, delivery);
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
      logger.warn(alertText(alert), { ...alert });
      if (delivery !== undefined) notifier.wake();
      try {
        options.onFired?.({ ...alert });
      } catch (error) {
        logger.warn('a budget-alert listener failed', { error: String(error) });
      }
    }
  };

  const tagBudgets = (): Record<string, TagBudget> => options.tagBudgets?.() ?? {};
  /** Tag scopes charged since the last read of the tag sums, per period. */
  const pendingTags = new Map<string, Set<string>>();
  let tagCheck: Promise<void> | undefined;
  const checkTags = async (): Promise<void> => {
    while (pendingTags.size > 0) {
      const [period, scopes] = pendingTags.entries().next().value as [string, Set<string>];
      pendingTags.delete(period);
      await checkTagScopes(period, scopes);
    }
  };
  const checkTagScopes = async (period: string, scopes: ReadonlySet<string> | undefined): Promise<void> => {
    const budgets = tagBudgets();
    const usage = await store.readTagUsage(period);
    const spent = new Map<string, number>();
    for (const tag of usage) if (tag.value !== undefined) spent.set(tagScope(tag.name, tag.value), tag.totals.spentMicroUsd);
    for (const [scope, budget] of Object.entries(budgets)) {
      if (scopes !== undefined && !scopes.has(scope)) continue;
      await fire(scope, period, spent.get(scope) ?? 0, budget, scope);
    }
  };

  /** Thresholds a dead process's charges reached but never marked. */
  const catchUp = async (): Promise<void> => {
    const period = options.currentPeriod();
    const snapshot = await store.readPeriod(period);
    for (const alert of snapshot.alerts) known.add(keyOf(period, alert.provider, alert.threshold, alert.limitMicroUsd));
    for (const provider of Object.keys(options.budgets())) {
      const spent = getOwn(snapshot.providers, provider)?.total.spentMicroUsd ?? 0;
      await check(provider, period, spent);
    }
    if (Object.keys(tagBudgets()).length > 0) await checkTagScopes(period, undefined);
  };

  const run = (task: Promise<void>, failure: string): void => {
    const tracked = task.catch((error: unknown) => {
      logger.error(failure, { error: String(error) });
    });
    running.add(tracked);
    void tracked.finally(() => running.delete(tracked));
  };

  const settled = async (): Promise<void> => {
    while (running.size > 0) await Promise.all([...running]);
  };

  return {
    afterCharge(provider, period, spentMicroUsd) {
      run(check(provider, period, spentMicroUsd), 'budget alert check failed');
    },
    afterTagCharge(period, tags) {
      const budgets = tagBudgets();
      for (const [name, value] of Object.entries(tags)) {
        const scope = tagScope(name, value);
        if (getOwn(budgets, scope) === undefined) continue;
        let scopes = pendingTags.get(period);
        if (scopes === undefined) pendingTags.set(period, (scopes = new Set()));
        scopes.add(scope);
      }
      if (pendingTags.size === 0 || tagCheck !== undefined) return;
      tagCheck = checkTags().finally(() => {
        tagCheck = undefined;
      });
      run(tagCheck, 'tag budget alert check failed');
    },
    start() {
      if (started) return;
      started = true;
      notifier.wake();
      run(catchUp(), 'budget alert check at start failed; thresholds are checked again on the next charge');
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
