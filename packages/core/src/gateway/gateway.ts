/**
 * The product's verbs. The MCP tools, the n8n nodes and the admin page call
 * these and nothing else. Types only; createGateway builds one.
 */
import type { BudgetStatus, BudgetStatusQuery } from '../ledger/budget/budget-status.js';
import type { BudgetAlertListener, BudgetChangeListener } from './budget-changes.js';
import type { AegisConfig } from '../config/types.js';
import type { LedgerRecord } from '../ledger/ledger-record.js';
import type { AlertDeliveryStatus } from '../ledger/store.js';
import type { UsageReport, UsageReportQuery } from '../ledger/ledger.js';
import type { CooldownStatus } from '../routing/cooldown-tracker.js';
import type { RouteWarning } from '../routing/check-route-targets.js';
import type { Capability, ChatRequest, ChatResult, EmbedRequest, EmbedResult, ModelInfo, ProviderTestResult, StreamEvent } from '../types.js';

export interface ListModelsQuery {
  provider?: string;
  capability?: Capability;
  /** Ask providers' live /models. @default true */
  live?: boolean;
}

export interface Gateway {
  /** The configuration in force (changes with reconfigure). */
  readonly config: AegisConfig;
  /** One answer. Throws AegisError (budget, routing, upstream), with `details.partial` when text was delivered. */
  chat(request: ChatRequest): Promise<ChatResult>;
  /** Typed events; a failure is the last event (`error`), never a throw. */
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
  /**
   * Vectors for one text or several, in input order, batched to the model's
   * limits and budgeted like chat (each upstream batch reserved, then
   * recorded with kind `embed`). Throws AegisError: `bad_request` before
   * anything is sent (empty input, too many inputs, an input over the
   * model's token limit, a chat model, a length the model lacks),
   * `budget_exceeded`, or the upstream's error with `details.embed` saying
   * what was embedded and charged before it.
   */
  embed(request: EmbedRequest): Promise<EmbedResult>;
  listModels(query?: ListModelsQuery): Promise<ModelInfo[]>;
  /** One provider, or every known provider when omitted. */
  testProvider(provider?: string): Promise<ProviderTestResult[]>;
  budgetStatus(query?: GatewayBudgetQuery): Promise<BudgetStatus>;
  /**
   * Makes this process's configured budgets of `providers` the ones every
   * process on the store enforces, whoever set them before (the admin page
   * calls it after a save). No-op with an injected ledger without a book.
   */
  claimBudgets(providers: readonly string[]): Promise<void>;
  /** Cooldown state of every target that has failed recently. */
  cooldowns(): Promise<CooldownStatus[]>;
  /**
   * Ends a target's cooldown and forgets its failures (`provider/model`), for
   * every process on a shared store: the next request goes to it. Resolves
   * false when it had none. Throws `bad_request` for an unknown provider.
   */
  clearCooldown(target: string): Promise<boolean>;
  /**
   * What is wrong with the configured routes' targets (retired or deprecated
   * models, unknown providers or models), for the configuration in force.
   * Also logged as warnings at start and on every reconfigure.
   */
  routeWarnings(): RouteWarning[];
  /**
   * The same check for routes not saved yet (the admin page checks a target
   * as it is typed), with the closest known target suggested for a typo.
   */
  checkRoutes(routes: Readonly<Record<string, readonly string[]>>): RouteWarning[];
  /** Spend per day of the current month and per month, per provider and model: the admin page's dashboard. */
  usage(query?: UsageReportQuery): Promise<UsageReport>;
  /**
   * The most recent ledger records, newest first: the requests, and with
   * `failedAttempts` the failed-attempt records too (LedgerRecord.attemptOf:
   * what a target's failures behind a fallback are counted from). `limit`
   * bounds the records read, both kinds together. @default limit 50
   */
  recentRequests(limit?: number, options?: { failedAttempts?: boolean }): Promise<LedgerRecord[]>;
  /**
   * Waits for the ledger's background work (alert checks and webhook posts,
   * their retries due soon): a short-lived host calls it before it exits.
   */
  flush(): Promise<void>;
  /**
   * Sends a test alert to the configured webhook (signed like every alert)
   * and resolves with its first attempt: `state` delivered, or pending with
   * `lastError`. `not_configured` when no webhook is set.
   */
  sendTestAlert(): Promise<AlertDeliveryStatus>;
  /**
   * Applies a new configuration without a restart (the admin page saves one).
   * Requests in flight finish on the providers they started with; the ledger,
   * its budgets and the cooldown state carry over.
   */
  reconfigure(config: AegisConfig): void;
  /**
   * Calls `listener` after this process recorded a request (chat or embed,
   * any surface: its spend or its reservation changed) and after the
   * budgets in force changed (a reconfigure that changed them, a
   * claimBudgets). Spend recorded by other processes on a shared store is
   * not seen here. Returns the unsubscribe function.
   */
  onBudgetChange(listener: BudgetChangeListener): () => void;
  /**
   * Calls `listener` with each budget alert this process fires (a threshold
   * of a provider or tag budget crossed, once per period and limit across
   * the processes on a store: the one that fires it tells), after it is
   * logged and queued for the webhook. Not called with a ledger passed in
   * GatewayOptions (the gateway did not make its alerts). Returns the
   * unsubscribe function.
   */
  onBudgetAlert(listener: BudgetAlertListener): () => void;
  close(): Promise<void>;
}

/** budgetStatus with a job estimate given in tokens: the gateway prices it from the catalog. */
export interface GatewayBudgetQuery extends Omit<BudgetStatusQuery, 'estimate'> {
  estimate?: {
    /** `provider/model` or a bare model id. */
    model: string;
    inputTokens: number;
    /** Required for chat; an embedding job has none. */
    outputTokens?: number;
    /** @default 1 */
    calls?: number;
    /**
     * `embed`: an embedding job (input tokens only; outputTokens may be 0 or
     * left out). @default 'chat'
     */
    kind?: 'chat' | 'embed';
  };
}
