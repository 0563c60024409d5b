import { formatUsd } from '../budget/money.js';
import type { BudgetAlert } from './budget-alert.js';

/** The webhook's JSON body: the alert's facts, flat for n8n expressions, plus the message. */
export interface AlertPayload extends BudgetAlert {
  type: 'aegis-llm.budget-alert';
  /** One line for people; Slack-compatible endpoints render `text`. */
  text: string;
  spentUsd: string;
  limitUsd: string;
}

export function buildAlertPayload(alert: BudgetAlert): AlertPayload {
  return { type: 'aegis-llm.budget-alert', text: alertText(alert), ...alert, spentUsd: formatUsd(alert.spentMicroUsd), limitUsd: formatUsd(alert.limitMicroUsd) };
}

export function alertText(alert: BudgetAlert): string {
  return (
    `Aegis LLM budget alert: ${alert.provider} has spent ${formatUsd(alert.spentMicroUsd)} of its ` +
    `${formatUsd(alert.limitMicroUsd)} monthly budget for ${alert.period} (${alert.percent}%, threshold ${alert.threshold}%). ` +
    `It resets at ${alert.resetAt}.`
  );
}
