import { formatUsd } from '../../money/money.js';
import type { OutboxAlert } from '../store.js';
import type { BudgetAlert } from './budget-alert.js';
import { budgetAlertId } from './budget-alert-id.js';
import { toOutboxAlert } from './to-outbox-alert.js';

/** The webhook's JSON body: the alert's facts, flat for n8n expressions, plus the message. */
export interface AlertPayload extends BudgetAlert {
  /** Stable per alert (also the `Idempotency-Key` header): delivery is at least once, dedupe on it. */
  id: string;
  type: 'aegis-llm.budget-alert';
  /** One line for people; Slack-compatible endpoints render `text`. */
  text: string;
  spentUsd: string;
  limitUsd: string;
}

export function buildAlertPayload(alert: BudgetAlert): AlertPayload {
  return {
    id: budgetAlertId(alert),
    type: 'aegis-llm.budget-alert',
    text: alertText(alert),
    ...alert,
    spentUsd: formatUsd(alert.spentMicroUsd),
    limitUsd: formatUsd(alert.limitMicroUsd),
  };
}

/** A budget alert as the outbox takes it. */
export function budgetOutboxAlert(alert: BudgetAlert): OutboxAlert {
  const { id, type, ...payload } = buildAlertPayload(alert);
  return toOutboxAlert({ id, type, payload, facts: { provider: alert.provider, threshold: alert.threshold } });
}

export function alertText(alert: BudgetAlert): string {
  return (
    `Aegis LLM budget alert: ${alert.tag === undefined ? `${alert.provider} has` : `requests tagged ${alert.tag} have`} spent ` +
    `${formatUsd(alert.spentMicroUsd)} of ${alert.tag === undefined ? 'its' : 'their'} ` +
    `${formatUsd(alert.limitMicroUsd)} monthly budget for ${alert.period} (${alert.percent}%, threshold ${alert.threshold}%). ` +
    `It resets at ${alert.resetAt}.`
  );
}
