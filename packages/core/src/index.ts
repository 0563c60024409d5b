/**
 * @aegis-llm/core: the gateway and everything it decides (which model
 * answers, what it costs, whether it may run). Surfaces import from here.
 *
 * The public face, and nothing more: each runtime name below is one the
 * surfaces (MCP server, admin page, n8n nodes), the cross-package tests or
 * the bench import; the types are the vocabulary of the requests, answers,
 * errors, configuration and ledger, and the types the kept functions name
 * in their signatures. Planning, routing, pricing and the stores' plumbing
 * stay inside. Before adding a name, check it is needed outside core:
 *   git grep -n "from '@aegis-llm/core'" -- ':!packages/core'
 */

// The vocabulary: requests and answers, and the typed facts of a failure.
export type * from './types.js';
export { AegisError, isAegisError, type AegisErrorDetails, type AegisErrorJson, type AegisErrorOptions, type ErrorKind } from './errors.js';
// Also declares the partial answer, attempts and skipped targets into AegisErrorDetails.
export type * from './error-details.js';
export { createRedactor, type Redactor } from './secrets/create-redactor.js';

// The gateway: the verbs the surfaces call.
export { createGateway, type GatewayOptions } from './gateway/create-gateway.js';
export type { Gateway, GatewayBudgetQuery, ListModelsQuery } from './gateway/gateway.js';
export type { BudgetAlertListener, BudgetAlertNotice, BudgetChange, BudgetChangeListener } from './gateway/budget-changes.js';
export { collectResult } from './gateway/collect-result.js';
export { OPENAI_ARGUMENT_NAMES, renameArguments } from './gateway/rename-arguments.js';
export { createUpstreamTransport, type UpstreamTransport, type UpstreamTransportOptions } from './transport/create-upstream-transport.js';
export type { Clock, Random, Sleep } from './time/clock.js';

// Configuration: the file, the environment, the defaults every surface shows.
export { loadConfig, type LoadConfigOptions } from './config/load-config.js';
export { parseConfig, type ConfigMeta } from './config/parse-config.js';
export type { ConfigFile } from './config/schema.js';
export type * from './config/types.js';
export type { CatalogEntryOverride } from './catalog/types.js';
export { configSecrets } from './config/config-secrets.js';
export { BUDGET_ENV_NAMES, DEFAULT_CONFIG_FILE_NAME, ENV_NAMES } from './config/env-names.js';
export { CAPABILITIES } from './config/model-override-schema.js';
export { DEFAULT_ALERT_THRESHOLDS, DEFAULT_HOME } from './config/default-routing.js';
export { closestKey } from './config/closest-key.js';
export { describeTaskNameProblem, MODEL_NAME_MAX_LENGTH, NAME_MAX_LENGTH, TASK_NAME_PATTERN, TASK_NAME_RULE } from './config/name-rules.js';

// Provider kinds: what each kind is, for the surfaces' forms and hints.
export { BUILTIN_PROVIDER_IDS, ENDPOINT_KIND, findProviderKind, PROVIDER_KINDS, providerKind } from './kinds/index.js';
export type { KeyNeed, KindEnvNames, KindRegion, KindRegions, ProviderKindDefinition } from './kinds/index.js';
export {
  DASHSCOPE_REGION_BASE_URLS,
  DASHSCOPE_REGIONS,
  DEFAULT_DASHSCOPE_REGION,
  regionBaseURL,
  WORKSPACE_ID_PLACEHOLDER,
  type DashScopeRegion,
} from './kinds/dashscope/dashscope-regions.js';

// Routes and cooldowns, as the surfaces show and edit them.
export { DEFAULT_ROUTES, DEFAULT_TASK, mergeRoutes, type Routes } from './routing/default-routes.js';
export { parseTarget } from './routing/parse-target.js';
export { leanErrorDetails, type LeanErrorDetails, type LeanTargetError } from './routing/lean-error-details.js';
export type { RouteWarning, RouteWarningCode } from './routing/check-route-targets.js';
export type { CooldownPermit, CooldownReport, CooldownState, CooldownStatus, CooldownTracker } from './routing/cooldown-tracker.js';
export type { Awaitable, CooldownChange, CooldownRecord, CooldownStore } from './routing/cooldown-store.js';

// Request tags.
export { MAX_TAG_VALUE_LENGTH, TAG, type WellKnownTag } from './tags/tag-names.js';
export { mergeTags } from './tags/merge-tags.js';
export type { TagList } from './tags/tag-list.js';
export { tagScope, type TagScope } from './tags/tag-scope.js';

// Money: integer micro-USD.
export { formatUsd, money, type Money } from './money/money.js';
export { usdToMicro } from './money/usd-to-micro.js';

// The ledger, its stores and what the dashboard reads.
export { createLedger, type CreateLedgerOptions } from './ledger/create-ledger.js';
export type * from './ledger/ledger.js';
export type { LedgerRecord, LedgerOutcome, RequestKind } from './ledger/ledger-record.js';
export type { AlertDeliveryState, AlertDeliveryStatus, FiredAlert, LedgerStore, OutboxAlert } from './ledger/store.js';
export type { BookEntry, BudgetBook, BudgetBookStore } from './ledger/shared-budgets/budget-book.js';
export type { UsageTotals } from './ledger/usage-totals.js';
export { USAGE_RANGE_MAX_DAYS, usageRangeDays } from './ledger/usage-range.js';
export type * from './ledger/budget/budget-status.js';
export { verifyAlertSignature, type VerifyAlertOptions } from './ledger/alerts/sign-alert.js';
export { createRedisLedgerStore, type RedisLedgerStoreOptions, type StoreUnavailablePolicy } from './ledger/redis/create-redis-ledger-store.js';
export { importEmbeddedLedger, type ImportEmbeddedLedgerOptions, type ImportEmbeddedLedgerResult } from './ledger/import-embedded-ledger.js';
export { describeRedisUrl } from './redis/describe-redis-url.js';
export { createStderrLogger, type Logger } from './log/logger.js';
