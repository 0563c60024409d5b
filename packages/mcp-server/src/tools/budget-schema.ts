import { z } from 'zod';
import { moneySchema } from './money-schema.js';

const modelBudgetSchema = z.object({
  model: z.string(),
  limit: moneySchema.optional(),
  spent: moneySchema,
  reserved: moneySchema,
  remaining: moneySchema.optional(),
  percent: z.number().optional(),
  requests: z.number(),
  unpricedRequests: z.number(),
});

const alertDeliverySchema = z.object({
  id: z.string().describe('Stable alert id, also the Idempotency-Key header: receivers dedupe on it.'),
  type: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']).describe('pending: queued or retrying; failed: given up after the last attempt.'),
  attempts: z.number(),
  queuedAt: z.string(),
  lastAttemptAt: z.string().optional(),
  lastError: z.string().optional().describe('Why the last attempt failed, e.g. HTTP 500 or timeout.'),
  deliveredAt: z.string().optional(),
});

const alertSchema = z.object({
  period: z.string(),
  provider: z.string(),
  threshold: z.number().describe('Percent of the limit, e.g. 80.'),
  firedAt: z.string(),
  spentMicroUsd: z.number(),
  limitMicroUsd: z.number(),
  delivery: alertDeliverySchema.optional().describe('Its webhook delivery; absent when no webhook was set when it fired.'),
});

const providerBudgetSchema = z.object({
  provider: z.string(),
  budgeted: z.boolean().describe('False: no monthly limit; spend is still recorded.'),
  limit: moneySchema.optional(),
  spent: moneySchema,
  reserved: moneySchema.describe('Held by requests in flight (their worst case).'),
  remaining: moneySchema.optional().describe('limit - spent - reserved.'),
  percent: z.number().optional(),
  projectedMonthEnd: moneySchema.optional().describe('Spend at month end at the rate so far.'),
  onLimit: z.enum(['block', 'fallback']).optional().describe('What happens at the limit: block, or fall back to another provider.'),
  alertThresholds: z.array(z.number()).optional(),
  requests: z.number(),
  unpricedRequests: z.number().describe('Requests on unpriced models: their cost is unknown and not in spent.'),
  estimatedRequests: z.number().describe('Requests whose usage was estimated (the upstream sent none).'),
  errorRequests: z.number(),
  fallbackRequests: z.number(),
  openReservations: z.number(),
  models: z.array(modelBudgetSchema),
  alerts: z.array(alertSchema).describe('Alerts fired this month.'),
  limitSetBy: z.string().optional().describe('Who set the limit in force (config file, environment, n8n credential, admin page), as the shared store says.'),
});

const estimateResultSchema = z.object({
  provider: z.string(),
  model: z.string(),
  calls: z.number(),
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  costPerCall: moneySchema.optional(),
  total: moneySchema.optional(),
  fits: z.boolean().optional().describe('Whether the job fits what is left; absent when its cost is unknown (unpriced model).'),
  budgeted: z.boolean(),
  remainingAfter: moneySchema.optional(),
  limitedBy: z.enum(['provider', 'model']).optional().describe("The limit that decides: the provider's or the model's."),
  summary: z.string().describe('One sentence: whether to go ahead.'),
});

const tagSpendSchema = z.object({
  name: z.string().describe('Tag name, e.g. workflow_name, mcp_client, end_user.'),
  value: z.string().optional().describe('Tag value; absent: the values past 200 per name this month, together.'),
  spent: moneySchema,
  requests: z.number(),
  unpricedRequests: z.number().describe('Requests on unpriced models: their cost is not in spent.'),
  errorRequests: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
});

const tagBudgetSchema = z.object({
  tag: z.string().describe('The tag scope name=value, e.g. client_key=k_1 or workflow_id=abc.'),
  limit: moneySchema,
  spent: moneySchema.describe('This month, every request carrying the tag, across providers.'),
  remaining: moneySchema,
  percent: z.number(),
  requests: z.number(),
  alerts: z.array(alertSchema).describe("Alerts fired this month on the tag's budget (provider holds the name=value scope)."),
  limitSetBy: z.string().optional().describe('Who set it (config file, client key...), as the shared store says.'),
});

const webhookSchema = z.object({
  configured: z.boolean().describe('An alert webhook URL is set: alerts are posted, not only logged.'),
  signed: z.boolean().describe('POSTs carry the X-Aegis-Signature header (alerts.webhookSecret is set).'),
  lastSuccess: z.object({ at: z.string(), alertId: z.string(), type: z.string() }).optional().describe('The latest alert the webhook accepted (a 2xx answer).'),
  lastFailure: z
    .object({
      at: z.string(),
      error: z.string().describe('Why, e.g. HTTP 500 or timeout (never the URL).'),
      alertId: z.string(),
      type: z.string(),
      state: z.enum(['pending', 'delivered', 'failed']).describe('Where that alert stands now: pending means it is retried.'),
    })
    .optional()
    .describe('The latest failed attempt, kept after a later success.'),
  pending: z.number().describe('Alerts queued or waiting for a retry.'),
  failed: z.number().describe('Alerts given up after the last attempt.'),
});

/** The core's BudgetStatus. Fields the core adds later are left out (the output is parsed through this) until listed here. */
export const budgetStatusShape = {
  period: z.string().describe('The budget month, e.g. 2026-11.'),
  periodStart: z.string(),
  resetAt: z.string().describe('When the budgets reset (ISO instant).'),
  resetDate: z.string(),
  timeZone: z.string(),
  generatedAt: z.string(),
  providers: z.array(providerBudgetSchema).describe('Providers with a budget or with spend this month.'),
  tags: z
    .array(tagSpendSchema)
    .describe(
      'Spend per tag (name=value) this month across providers, largest first: per workflow, node, MCP client, end user... (execution_id only in the records).',
    ),
  tagBudgets: z
    .array(tagBudgetSchema)
    .optional()
    .describe('Budgets on one tag (a workflow, a client key, an end user): at the limit, requests carrying it are refused whatever the model.'),
  webhook: webhookSchema.describe("The alert webhook's delivery status, as every process on the store sees it."),
  estimate: estimateResultSchema.optional().describe('The answer for the job estimate, when one was given.'),
  budgetConflicts: z
    .array(z.object({ provider: z.string(), message: z.string() }))
    .optional()
    .describe('Budgets this server declares that are not the ones enforced: another process set them in the shared store first.'),
};
