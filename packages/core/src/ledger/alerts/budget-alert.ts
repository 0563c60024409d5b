import type { OutboxAlert } from '../store.js';

/** A budget threshold crossed for the first time in a period. Types only. */
export interface BudgetAlert {
  /** The provider whose budget it is; for a tag budget, its `name=value` scope (as `tag`). */
  provider: string;
  /** Set for a tag budget (`workflow_name=Invoices`, `client_key=k_1`): the budget on requests carrying that tag. */
  tag?: string;
  /** The threshold crossed, percent of the limit (50, 80, 100...). */
  threshold: number;
  /** Spend as a percent of the limit when it fired, one decimal. */
  percent: number;
  spentMicroUsd: number;
  limitMicroUsd: number;
  /** Budget period, `2026-11`. */
  period: string;
  /** ISO time it fired. */
  time: string;
  /** ISO instant the budget resets. */
  resetAt: string;
}

/**
 * Delivers alerts through the store's outbox, at least once, in the
 * background: never blocks or fails the request that raised them. Any alert
 * type (budget thresholds, suspect usage, ...).
 */
export interface AlertNotifier {
  /** True when alerts are posted somewhere (a webhook URL is set); callers queue deliveries only then. */
  enabled(): boolean;
  /** Queues the alert in the outbox (once per id) and posts it in the background. */
  notify(alert: OutboxAlert): void;
  /**
   * Looks in the outbox soon for alerts due: one was queued by other means
   * (with markAlertFired), or this process just started and may deliver
   * what another left. Also starts the slow poll for them.
   */
  wake(): void;
  /**
   * Resolves when no alert is being posted and none is due to be retried
   * within the flush timeout; what is left stays pending in the outbox.
   */
  flush(): Promise<void>;
  /**
   * Stops: waits for posts in flight (each bounded by its timeout) and makes
   * the attempts due now; alerts waiting for a retry stay pending in the
   * outbox for the next process on it (logged).
   */
  close(): Promise<void>;
}
