/** A budget threshold crossed for the first time in a period. Types only. */
export interface BudgetAlert {
  provider: string;
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

/** Delivers alerts in the background; never blocks or fails the request that crossed the threshold. */
export interface AlertNotifier {
  notify(alert: BudgetAlert): void;
  /** Resolves when every alert so far is delivered or given up on (retries included). */
  flush(): Promise<void>;
  /** Stops: in-flight posts are aborted, pending retries dropped (and logged). */
  close(): Promise<void>;
}
