/**
 * What `budgetStatus` answers (the `budget_status` MCP tool, the n8n node and
 * the admin page show it as is). Types only. Amounts are `Money`: exact
 * micro-USD plus a USD string.
 */
import type { FiredAlert } from '../store.js';
import type { Money } from '../../money/money.js';

export interface BudgetStatusQuery {
  /** Only this provider. */
  provider?: string;
  /** A planned job to check against the budget. */
  estimate?: JobEstimate;
  /** Only the tag sums of this tag name (`workflow_name`, `mcp_client`...). */
  tag?: string;
}

/**
 * Spend of the requests carrying one tag this period, across providers.
 * `value` absent: the values of `name` past the store's bound (200 per name
 * and month), together.
 */
export interface TagSpend {
  name: string;
  value?: string;
  spent: Money;
  requests: number;
  /** Of `requests`, on unpriced models: their cost is not in `spent`. */
  unpricedRequests: number;
  errorRequests: number;
  inputTokens: number;
  outputTokens: number;
}

/** One tag-scoped budget: every request whose tags hold `name=value`, across providers. */
export interface TagBudgetStatus {
  /** `name=value`, e.g. `client_key=k_1`. */
  tag: string;
  limit: Money;
  spent: Money;
  /** limit - spent, never below 0 (requests in flight hold room too; the store checks them). */
  remaining: Money;
  /** spent / limit, in percent with one decimal. */
  percent: number;
  requests: number;
  /** Thresholds fired this period against the current limit (a webhook payload carries `tag`). */
  alerts: FiredAlert[];
  /** Who set it, as the store's budget book says. */
  limitSetBy?: string;
}

/** A planned job: N calls of a model, each costing about `costPerCallMicroUsd`. */
export interface JobEstimate {
  provider: string;
  model: string;
  calls: number;
  /** Cost of one call from the catalog prices (the caller computes it); undefined for an unpriced model. */
  costPerCallMicroUsd: number | undefined;
  /** Tokens per call, echoed back for the record. */
  inputTokens?: number;
  outputTokens?: number;
}

export interface JobEstimateResult {
  provider: string;
  model: string;
  calls: number;
  inputTokens?: number;
  outputTokens?: number;
  costPerCall?: Money;
  total?: Money;
  /** Whether the job fits what is left of the budget now; undefined when its cost is unknown (unpriced model). */
  fits: boolean | undefined;
  budgeted: boolean;
  /** What would be left of the tightest limit after the job. */
  remainingAfter?: Money;
  /** The limit that decides: the provider's or the model's. */
  limitedBy?: 'provider' | 'model';
  /** One sentence for people and agents. */
  summary: string;
}

export interface ModelBudgetStatus {
  model: string;
  limit?: Money;
  spent: Money;
  reserved: Money;
  remaining?: Money;
  percent?: number;
  requests: number;
  unpricedRequests: number;
}

export interface ProviderBudgetStatus {
  provider: string;
  /** False: no budget configured; spend is still recorded and shown. */
  budgeted: boolean;
  limit?: Money;
  spent: Money;
  /** Held by requests in flight (their worst case). */
  reserved: Money;
  /** limit - spent - reserved, never below 0. */
  remaining?: Money;
  /** spent / limit, in percent with one decimal. */
  percent?: number;
  /** Spend at month end if it goes on at the rate so far (spent / elapsed fraction of the month). */
  projectedMonthEnd?: Money;
  onLimit?: 'block' | 'fallback';
  alertThresholds?: number[];
  requests: number;
  /** Requests on unpriced models: their cost is unknown and not in `spent`. */
  unpricedRequests: number;
  /** Requests whose usage was estimated (the upstream sent none). */
  estimatedRequests: number;
  errorRequests: number;
  fallbackRequests: number;
  openReservations: number;
  models: ModelBudgetStatus[];
  /**
   * Thresholds fired this period against the current limit, each with its
   * webhook `delivery` when one was queued. A changed limit re-arms the
   * thresholds: alerts fired against an earlier limit are not listed.
   */
  alerts: FiredAlert[];
  /** Who set the limit in force, as the store's budget book says (`config file /etc/aegis.json`, `n8n credential ...`). */
  limitSetBy?: string;
}

/**
 * The alert webhook, as every process on the store sees it. Times ISO; an
 * error never holds the URL or the secret.
 */
export interface WebhookStatus {
  /** A webhook URL is set (alerts are posted, not only logged). */
  configured: boolean;
  /** POSTs carry `X-Aegis-Signature` (a secret is set). */
  signed: boolean;
  lastSuccess?: { at: string; alertId: string; type: string };
  /** The latest failed attempt and why, with where that alert stands now (`pending`: it is retried). */
  lastFailure?: { at: string; error: string; alertId: string; type: string; state: 'pending' | 'delivered' | 'failed' };
  /** Alerts queued or waiting for a retry. */
  pending: number;
  /** Alerts given up after the last attempt (still in the outbox). */
  failed: number;
}

export interface BudgetStatus {
  /** `2026-11` */
  period: string;
  /** ISO instant the period started (local midnight on the 1st in `timeZone`). */
  periodStart: string;
  /** ISO instant the budgets reset. */
  resetAt: string;
  /** The reset as a local date, `2026-12-01`. */
  resetDate: string;
  timeZone: string;
  generatedAt: string;
  providers: ProviderBudgetStatus[];
  /**
   * Spend per tag (name=value) this period, largest first: per workflow,
   * node, MCP client, end user... `execution_id` is in the records only.
   */
  tags: TagSpend[];
  /**
   * Tag-scoped budgets in force (`tagBudgets`, client keys), with this
   * period's spend of the requests carrying the pair. Absent when none.
   */
  tagBudgets?: TagBudgetStatus[];
  /** The alert webhook's delivery status. */
  webhook: WebhookStatus;
  estimate?: JobEstimateResult;
  /**
   * Budgets this process declares (config file, environment, n8n credential)
   * that are not the ones enforced: another surface set the provider's
   * budget in the shared store first. One sentence each, naming both.
   */
  budgetConflicts?: Array<{ provider: string; message: string }>;
}
