/**
 * The admin page's JSON API: request and response shapes. Types only, shared
 * by the server (src/admin) and the browser app (admin-ui), so the two cannot
 * drift apart. Nothing here carries a secret: keys, header values and the
 * webhook URL are write-only; the API says whether they are set, never what
 * they are.
 */
import type { ClientKeyView } from '../../client-keys/client-key.js';
import type { AlertDeliveryStatus, BudgetStatus, ErrorKind, KeyNeed, ProviderKind, ProviderTestResult } from '@aegis-llm/core';

/** Every error the API answers with. `field` names the form field at fault, when one is. */
export interface ApiError {
  error: {
    kind:
      | 'unauthorized'
      | 'csrf'
      | 'forbidden'
      | 'bad_request'
      | 'not_found'
      | 'conflict'
      | 'config_changed'
      | 'invalid_config'
      | 'apply_failed'
      | 'too_many_attempts'
      | 'internal';
    message: string;
    /** The config path parseConfig named (`budgets.dashscope.monthlyUsd`). */
    path?: string;
    /** The form field that path belongs to (`monthlyUsd`, `chain[2]`, `key`). */
    field?: string;
    /**
     * Every problem of a refused save, so the page shows them all at once:
     * each beside its field when it has one (message without the path), else
     * for the whole form (message with the path).
     */
    problems?: ApiProblem[];
    /** What else the refusal is about (the routes still using an endpoint being removed). */
    usedBy?: { routes: string[] };
  };
}

/** `GET /config/status`: the file's version, and the last hand edit found on disk. */
export interface ConfigStatusResponse {
  file: string;
  version: string;
  lastDiskChange?: {
    at: string;
    version: string;
    /** In force now; false when the file is not valid (the running configuration stays; `problem` says why). */
    applied: boolean;
    problem?: string;
  };
}

export interface ApiProblem {
  path: string;
  field?: string;
  message: string;
}

export interface SessionInfo {
  /** Send it back as the `x-csrf-token` header on every write. */
  csrfToken: string;
  /** The file the page edits, for display. */
  configFile: string;
}

export interface LoginRequest {
  token: string;
}

// ---------------------------------------------------------------- providers

/** Where a provider's key comes from. Never the key itself. */
export interface KeyState {
  /** `inline`: an apiKey in the config file; `env-ref`: the file names a variable; `none`. */
  inFile: 'inline' | 'env-ref' | 'none';
  /** The variable the file names (`apiKeyEnv`), when it does. */
  envName?: string;
  /** Whether the resolved configuration has a key (from any source). */
  effective: boolean;
}

/** A field the environment sets, overriding what the file says. */
export interface EnvOverride {
  field: 'key' | 'region' | 'baseURL' | 'defaultModel';
  variable: string;
}

/** What the config file says about a provider: what the edit form shows. */
export interface ProviderFileSettings {
  region?: string;
  /** Without credentials (user:password@ and secret-looking query values are cut). */
  baseURL?: string;
  /** True when the file's base URL holds credentials the page does not show; they are kept unless the URL is changed. */
  baseURLHasHiddenParts?: boolean;
  defaultModel?: string;
  /** Header names only: values may be credentials and are write-only. */
  headerNames: string[];
  key: KeyState;
}

/** What a provider's kind says (the core's PROVIDER_KINDS), so the page never branches on a kind's name. */
export interface KindView {
  /** `DashScope`, `OpenAI`, ... */
  label: string;
  keyNeed: KeyNeed;
  /** What to fill in as the base URL, in words. */
  baseURLHint: string;
  /** A base URL to show as a placeholder. */
  exampleBaseURL: string;
  /** Region ids, the default first; absent for kinds without regions. */
  regions?: string[];
  defaultRegion?: string;
}

export interface ProviderView {
  id: string;
  kind: ProviderKind;
  kindInfo: KindView;
  /** dashscope, openai, ollama, anyllm; false for an extra endpoint. */
  builtin: boolean;
  /** The kind takes no key (Ollama): the form has no key field. */
  keyless: boolean;
  configured: boolean;
  notConfiguredHint?: string;
  /** The base URL in force, credentials cut. */
  baseURL: string;
  region?: string;
  defaultModel?: string;
  file: ProviderFileSettings;
  envOverrides: EnvOverride[];
  /** The latest connection test run from this page, if any. */
  lastTest?: ProviderTestView;
  /**
   * Models paused after failures: `open` until `until` (no request goes to
   * them), `half-open` (one request tries again). `lastError` is the error
   * kind that counted last.
   */
  cooldowns: Array<{ model: string; state: 'closed' | 'open' | 'half-open'; until?: string; failures: number; lastError?: string }>;
}

export interface ProviderTestView extends Omit<ProviderTestResult, 'cooldowns'> {
  testedAt: string;
  /** `ok` (the model answered), `warning` (reachable, something off), `failed`. */
  verdict: 'ok' | 'warning' | 'failed' | 'not_configured';
}

export interface ProvidersResponse {
  providers: ProviderView[];
  /** Every region of every kind (each provider's own are in its `kindInfo`). */
  regions: string[];
  /** What a new extra endpoint is (the AnyLLM kind). */
  endpointKind: KindView;
}

/** One header row of the edit form. No `value`: keep the file's value for that name. */
export interface HeaderEdit {
  name: string;
  value?: string;
}

/** A key change; omitted from a patch: keep whatever the file has. */
export type KeyEdit = { set: string } | { env: string } | { remove: true };

/**
 * An edit of one provider. An omitted field is kept as the file has it; an
 * empty string removes it from the file.
 */
export interface ProviderPatch {
  region?: string;
  baseURL?: string;
  defaultModel?: string;
  key?: KeyEdit;
  /** The complete list of headers wanted; omitted: keep the file's headers. */
  headers?: HeaderEdit[];
}

export interface NewEndpointRequest extends ProviderPatch {
  name: string;
}

// ---------------------------------------------------------------- routing

export interface PriceView {
  currency: 'USD' | 'CNY';
  /** Per 1M tokens, first tier. */
  input: number;
  output: number;
  /** More tiers exist (prices rise with the input length). */
  tiered: boolean;
}

export interface RouteTargetView {
  target: string;
  provider: string;
  model: string;
  /** The provider exists in the configuration. */
  knownProvider: boolean;
  /** The provider is configured (else the target is skipped). */
  configured: boolean;
  contextWindow?: number;
  maxOutputTokens?: number;
  price?: PriceView;
  /** The model's status with its provider, when the catalog knows it. */
  status?: 'current' | 'deprecated' | 'retired';
  /** The provider's named successor, for a deprecated or retired model. */
  replacement?: string;
  /** When it was (or will be) retired. */
  statusDate?: string;
  /** What is wrong with this target of a configured route (retired, unknown...), in words. */
  warning?: string;
  /** The known target it most likely meant, for a typo ("Use dashscope/qwen-plus"). */
  suggestion?: string;
}

export interface TaskRouteView {
  task: string;
  /** `default`: the built-in chain; `config`: the file's; `custom`: a task only the file knows. */
  source: 'default' | 'config' | 'custom';
  chain: RouteTargetView[];
}

export interface RoutingResponse {
  tasks: TaskRouteView[];
  /** Catalog entries, for the picker. */
  models: RouteTargetView[];
  /** The rule for task names, so the page checks a new one as it is typed (the server checks it again). */
  taskNameRule: NameRuleView;
}

export interface NameRuleView {
  /** A regular expression source (no flags). */
  pattern: string;
  maxLength: number;
  /** The rule in words. */
  rule: string;
}

export interface RoutePatch {
  chain: string[];
}

/** A route as typed, before it is saved: `POST /routing/check`. */
export interface RouteCheckRequest {
  /** The task name as typed (omitted or "" to check targets only). */
  task?: string;
  chain: string[];
}

export interface RouteCheckResponse {
  /** What is wrong with the task name, with the rule and a suggestion ("Try \"translate-text\"."). */
  taskProblem?: string;
  /** One per target with something to say, by its index in the chain. */
  targets: RouteTargetCheck[];
}

export interface RouteTargetCheck {
  index: number;
  target: string;
  /** `invalid`: cannot be saved as written; the others are warnings (saving is allowed). */
  code: 'invalid' | 'retired' | 'deprecated' | 'unknown_provider' | 'unknown_model';
  message: string;
  suggestion?: string;
}

// ---------------------------------------------------------------- budgets

/** A provider's budget as the config file states it. Amounts are USD strings as typed. */
export interface BudgetSettings {
  monthlyUsd: string;
  onLimit: 'block' | 'fallback';
  alertThresholds: number[];
  models: Record<string, string>;
}

export interface WebhookState {
  set: boolean;
  /** Scheme and host only: the path of a webhook URL is often its secret. */
  origin?: string;
  /** Set by this variable, overriding the file. */
  fromEnv?: string;
}

/** A tag budget (`name=value` scope) as the config file states it. */
export interface TagBudgetSettings {
  monthlyUsd: string;
  alertThresholds: number[];
}

export interface BudgetsResponse {
  status: BudgetStatus;
  settings: Record<string, BudgetSettings>;
  /** The file's `tagBudgets`, by scope (`workflow_id=wf_1`). Client keys' budgets are on the keys page. */
  tagSettings: Record<string, TagBudgetSettings>;
  /** Provider id -> the MONTHLY_BUDGET_* variable overriding the file's monthly limit. */
  envOverrides: Record<string, string>;
  /** Alerts fired this period, newest first. */
  alerts: AlertView[];
  webhook: WebhookState;
  /** Every known provider id, for the "add a budget" picker. */
  providers: string[];
  /** The thresholds a budget without its own gets (the core's DEFAULT_ALERT_THRESHOLDS). */
  defaultAlertThresholds: number[];
}

/** Field values as typed: strings are checked by parseConfig, which names the bad one. */
export interface BudgetPatch {
  monthlyUsd: string;
  onLimit: string;
  alertThresholds: string[];
  models: Array<{ model: string; monthlyUsd: string }>;
}

/** A tag budget as typed; the scope is in the URL. */
export interface TagBudgetPatch {
  monthlyUsd: string;
  alertThresholds: string[];
}

/** The outcome of "send test alert", with the page's figures after it. */
export interface TestAlertResponse {
  delivery: AlertDeliveryStatus;
  view: BudgetsResponse;
}

export interface WebhookPatch {
  /** A URL to set or replace; empty string removes it. */
  webhookUrl: string;
}

// ---------------------------------------------------------------- dashboard

export interface UsageRow {
  provider: string;
  model?: string;
  requests: number;
  spentMicroUsd: number;
  spentUsd: string;
  errors: number;
  fallbacks: number;
  cancelled: number;
  unpriced: number;
  estimated: number;
  inputTokens: number;
  outputTokens: number;
  /** Attempts on this model that failed (retries and those a fallback went past included), whatever the request's outcome. */
  failedAttempts: number;
  /** Connection tests: their cost is in the spend, but they are not among requests, errors or latency. */
  tests: number;
  avgLatencyMs?: number;
  /** Median and 95th percentile latency of this month's latest requests (see DashboardResponse.latencySample). */
  p50LatencyMs?: number;
  p95LatencyMs?: number;
  avgTtftMs?: number;
}

export interface MonthSummaryView {
  /** `2026-11` */
  period: string;
  spentUsd: string;
  spentMicroUsd: number;
  requests: number;
  errors: number;
  failedAttempts: number;
  /** Per provider, by spend. */
  providers: Array<{ provider: string; spentUsd: string; requests: number }>;
}

/** A provider whose month-end projection passes its limit. */
export interface ForecastWarningView {
  provider: string;
  projectedUsd: string;
  limitUsd: string;
  /** Projected spend as a percent of the limit. */
  percent: number;
}

export interface AlertView {
  provider: string;
  period: string;
  threshold: number;
  firedAt: string;
  spentUsd: string;
  limitUsd: string;
  /** The webhook delivery as the core reports it; absent when no webhook was set when it fired. */
  delivery?: AlertDeliveryStatus;
}

/** The kinds of request the ledger records; the dashboard filters its latest requests by them. */
export const REQUEST_KIND_VIEWS = ['chat', 'embed', 'test'] as const;
export type RequestKindView = (typeof REQUEST_KIND_VIEWS)[number];

/** Every error kind once (the type makes the list whole): what the request log's outcome filter offers. */
const ERROR_KINDS: Record<ErrorKind, true> = {
  rate_limited: true,
  quota_exhausted: true,
  auth: true,
  bad_request: true,
  content_filtered: true,
  context_too_long: true,
  not_found: true,
  timeout: true,
  upstream_unavailable: true,
  bad_response: true,
  budget_exceeded: true,
  not_configured: true,
  invalid_config: true,
  store_unavailable: true,
  cancelled: true,
};
export const ERROR_KIND_VIEWS = Object.keys(ERROR_KINDS) as ErrorKind[];

export interface RecentRequestView {
  time: string;
  provider: string;
  model: string;
  task?: string;
  outcome: string;
  latencyMs: number;
  costUsd?: string;
  fallbackFrom?: string;
  attempts: number;
  /** What was asked: a chat answer or an embedding job. */
  kind: RequestKindView;
  /** The request's tags as `[name, value]` pairs, in name order; absent when it had none. */
  tags?: Array<[string, string]>;
}

/** Spend of one tag pair this month (budgetStatus `tags`). */
export interface TagSpendView {
  name: string;
  /** Absent: the values of `name` past the store's bound, together. */
  value?: string;
  spentUsd: string;
  spentMicroUsd: number;
  requests: number;
  unpriced: number;
  errors: number;
}

/** Failures of one model by error kind (rate_limited, timeout, budget_exceeded...), largest first. */
export interface ErrorBreakdownView {
  provider: string;
  model: string;
  /** All failures counted for this model. */
  failures: number;
  kinds: Array<{ kind: string; count: number }>;
}

export interface DashboardResponse {
  period: string;
  timeZone: string;
  generatedAt: string;
  /**
   * The date range shown (`?from=2026-11-03&to=2026-11-10`): days, totals,
   * providers, models, latency and the error breakdown are of its days;
   * absent: this month so far. Months, tags, alerts and forecasts are per month either way.
   */
  range?: { from: string; to: string };
  /** How many days back a range may start, today included. */
  rangeMaxDays: number;
  /** Today in the ledger's time zone (`2026-11-03`): a range ends by it. */
  today: string;
  /** Days shown: this month up to today (`2026-11-03`), or the range's. */
  days: string[];
  /** Provider -> micro-USD spent on each of `days`. */
  spendByDay: Record<string, number[]>;
  /** Requests on each of `days`, all providers. */
  requestsByDay: number[];
  totals: UsageRow;
  providers: UsageRow[];
  models: UsageRow[];
  alerts: AlertView[];
  /** This month and each earlier one with traffic (up to a year), newest first: all providers summed. */
  months: MonthSummaryView[];
  /** Providers on course to pass their budget by month end (spend so far, at the rate so far): the Budgets page's forecast, as a warning. */
  forecasts: ForecastWarningView[];
  /** How many of the latest requests of the days shown the p50/p95 figures are taken from (at most the ledger's recent window). */
  latencySample: number;
  /**
   * Failures per failing model and error kind over the days shown, from the
   * latest records (`errorSample` of them): every failed attempt counted
   * against the model that failed, behind a fallback or not (a target's
   * retries under the kind of its last failure), and requests refused before
   * any attempt against the target they named.
   */
  errorBreakdown: ErrorBreakdownView[];
  /** How many records the error breakdown is taken from (the latest ones, in the days shown). */
  errorSample: number;
  /** Spend per tag pair this month, largest first (per workflow, node, MCP client...). */
  tags: TagSpendView[];
  /** The latest requests, newest first: of `recentKind` only when the page asked for one kind. */
  recent: RecentRequestView[];
  recentKind?: RequestKindView;
}

/** `GET /admin/api/requests`: the request log, searched and paged (newest first). */
export interface RequestLogResponse {
  requests: RecentRequestView[];
  /** Matches among the records searched; `requests` is the page `offset`..`offset + limit` of them. */
  total: number;
  offset: number;
  limit: number;
  /** How many of the latest records were searched (the ledger's recent window at most). */
  searched: number;
  /** True when the window was full: older records were not searched. */
  windowFull: boolean;
}

/** `GET /admin/api/keys`: the client keys, without their hashes (the secrets are never kept). */
export interface ClientKeysResponse {
  keys: ClientKeyView[];
}

/** `POST /admin/api/keys`: the new key's secret, in this one answer only. */
export interface CreatedClientKeyResponse extends ClientKeysResponse {
  created: ClientKeyView;
  secret: string;
}
