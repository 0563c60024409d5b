import type { BudgetPatch } from '../api/api-types.js';
import { fieldsUnder, firstKey, type FieldOfPath } from './config-path.js';
import { dropIfEmpty, objectAt, setEntry, type RawConfig } from './raw-config.js';

/** A plain decimal number as typed in a form field. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Writes a provider's budget from the form. Amounts stay decimal strings
 * ("12.50"), which the schema reads exactly to the micro-dollar; thresholds
 * become numbers when they look like numbers and otherwise stay as typed, so
 * parseConfig names the bad one in its own words.
 */
export function setBudget(draft: RawConfig, provider: string, patch: BudgetPatch): void {
  const budgets = objectAt(draft, 'budgets');
  const models: Record<string, string> = {};
  for (const row of patch.models) {
    const model = row.model.trim();
    if (model !== '') setEntry(models, model, row.monthlyUsd.trim());
  }
  const budget: Record<string, unknown> = {
    monthlyUsd: patch.monthlyUsd.trim(),
    onLimit: patch.onLimit,
    alertThresholds: patch.alertThresholds
      .map((value) => value.trim())
      .filter((value) => value !== '')
      .map((value) => (NUMBER.test(value) ? Number(value) : value)),
  };
  if (Object.keys(models).length > 0) budget.models = models;
  setEntry(budgets, provider, budget);
}

export function removeBudget(draft: RawConfig, provider: string): void {
  delete objectAt(draft, 'budgets')[provider];
  dropIfEmpty(draft, 'budgets');
}

/** `budgets.x.alertThresholds[1]` -> `alertThresholds`; `budgets.x` (unknown provider) -> `provider`. */
export function budgetFieldOf(provider: string): FieldOfPath {
  return fieldsUnder(['budgets', provider], (rest) => (rest === '' ? 'provider' : firstKey(rest)));
}

/** Sets or (with an empty string) removes the alert webhook. */
export function setWebhook(draft: RawConfig, url: string): void {
  const alerts = objectAt(draft, 'alerts');
  const trimmed = url.trim();
  if (trimmed === '') delete alerts.webhookUrl;
  else alerts.webhookUrl = trimmed;
  dropIfEmpty(draft, 'alerts');
}

export const webhookFieldOf: FieldOfPath = fieldsUnder(['alerts'], () => 'webhookUrl');
