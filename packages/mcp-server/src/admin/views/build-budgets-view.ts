import { BUDGET_ENV_NAMES, DEFAULT_ALERT_THRESHOLDS, ENV_NAMES, type AegisConfig, type BudgetStatus } from '@aegis-llm/core';
import type { BudgetSettings, BudgetsResponse, TagBudgetSettings, WebhookState } from '../api/api-types.js';
import { isPlainObject, setEntry, type RawConfig } from '../config-file/raw-config.js';
import { alertViews } from './alert-views.js';

/**
 * Budgets: the status in force (spent, reserved, projected, alerts) and the
 * file's settings for the edit forms. The webhook is shown by origin only:
 * the rest of a webhook URL is usually its secret.
 */
export function buildBudgetsView(config: AegisConfig, raw: RawConfig, env: NodeJS.ProcessEnv, status: BudgetStatus): BudgetsResponse {
  const fileBudgets = isPlainObject(raw.budgets) ? raw.budgets : {};
  const settings: Record<string, BudgetSettings> = {};
  for (const [provider, budget] of Object.entries(fileBudgets)) {
    if (isPlainObject(budget)) setEntry(settings, provider, budgetSettings(budget));
  }
  const fileTagBudgets = isPlainObject(raw.tagBudgets) ? raw.tagBudgets : {};
  const tagSettings: Record<string, TagBudgetSettings> = {};
  for (const [scope, budget] of Object.entries(fileTagBudgets)) {
    if (isPlainObject(budget)) setEntry(tagSettings, scope, { monthlyUsd: amount(budget.monthlyUsd), alertThresholds: thresholdsOf(budget) });
  }
  const envOverrides: Record<string, string> = {};
  for (const [provider, names] of Object.entries(BUDGET_ENV_NAMES)) {
    const variable = names.find((name) => (env[name]?.trim() ?? '') !== '');
    if (variable !== undefined) envOverrides[provider] = variable;
  }
  return {
    status,
    settings,
    tagSettings,
    envOverrides,
    alerts: alertViews(status),
    webhook: webhookState(config.alerts.webhookUrl, env),
    providers: Object.keys(config.providers),
    defaultAlertThresholds: [...DEFAULT_ALERT_THRESHOLDS],
  };
}

function budgetSettings(budget: Record<string, unknown>): BudgetSettings {
  const models = isPlainObject(budget.models) ? budget.models : {};
  return {
    monthlyUsd: amount(budget.monthlyUsd),
    onLimit: budget.onLimit === 'fallback' ? 'fallback' : 'block',
    alertThresholds: thresholdsOf(budget),
    models: Object.fromEntries(Object.entries(models).map(([model, usd]) => [model, amount(usd)])),
  };
}

function thresholdsOf(budget: Record<string, unknown>): number[] {
  return Array.isArray(budget.alertThresholds)
    ? budget.alertThresholds.filter((value): value is number => typeof value === 'number')
    : [...DEFAULT_ALERT_THRESHOLDS];
}

function amount(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

function webhookState(url: string | undefined, env: NodeJS.ProcessEnv): WebhookState {
  if (url === undefined) return { set: false };
  const state: WebhookState = { set: true };
  try {
    state.origin = new URL(url).origin;
  } catch {
    // parseConfig accepted it as an http(s) URL; nothing to show otherwise.
  }
  if ((env[ENV_NAMES.alertWebhook]?.trim() ?? '') !== '') state.fromEnv = ENV_NAMES.alertWebhook;
  return state;
}
