import type { Logger } from '../log/logger.js';

/**
 * What changed about the budgets as this process sees them: a request of
 * `provider` was recorded (its spend, or a reservation given back), or the
 * budgets in force changed (a reconfigure, an explicit claim).
 */
export type BudgetChange = { reason: 'spend'; provider: string } | { reason: 'limits' };

export type BudgetChangeListener = (change: BudgetChange) => void;

export interface BudgetChanges {
  emit(change: BudgetChange): void;
  /** Calls `listener` after each change until the returned function is called. */
  subscribe(listener: BudgetChangeListener): () => void;
}

/**
 * The gateway's budget-change signal (the MCP server's resource
 * subscriptions listen to it). Listeners are called synchronously and must
 * be cheap: they run on the request path, after the record landed. A
 * listener that throws is logged and the others still run.
 */
export function createBudgetChanges(logger: Logger): BudgetChanges {
  const listeners = new Set<BudgetChangeListener>();
  return {
    emit(change) {
      for (const listener of [...listeners]) {
        try {
          listener(change);
        } catch (error) {
          logger.warn('a budget-change listener failed', { error: String(error) });
        }
      }
    },
    subscribe(listener) {
      // A wrapper per subscription: one function subscribed twice is two subscriptions.
      const entry: BudgetChangeListener = (change) => listener(change);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
  };
}
