import type { BudgetAlert } from '../ledger/alerts/budget-alert.js';

/**
 * What changed about the budgets as this process sees them: a request of
 * `provider` was recorded (its spend, or a reservation given back), or the
 * budgets in force changed (a reconfigure, an explicit claim).
 */
export type BudgetChange = { reason: 'spend'; provider: string } | { reason: 'limits' };

export type BudgetChangeListener = (change: BudgetChange) => void;

/** A budget alert this process fired, with the sentence its log line and webhook carry. */
export interface BudgetAlertNotice extends BudgetAlert {
  text: string;
}

export type BudgetAlertListener = (alert: BudgetAlertNotice) => void;
