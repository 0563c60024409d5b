/**
 * @aegis-llm/core: the gateway and everything it decides (which model
 * answers, what it costs, whether it may run). Surfaces import from here.
 */
export type * from './types.js';
export { AegisError, ERROR_KIND_DEFAULTS, isAegisError, type AegisErrorOptions, type ErrorKind } from './errors.js';
export { createRedactor, type Redactor } from './secrets/create-redactor.js';

export * from './config/index.js';
export * from './tags/index.js';
export { DASHSCOPE_REGION_BASE_URLS, DASHSCOPE_REGIONS, DEFAULT_DASHSCOPE_REGION, regionBaseURL, WORKSPACE_ID_PLACEHOLDER } from './kinds/dashscope/dashscope-regions.js';
export { BUILTIN_PROVIDER_IDS, ENDPOINT_KIND, findProviderKind, PROVIDER_KINDS, providerKind } from './kinds/index.js';
export type { KeyNeed, KindEnvNames, KindRegion, KindRegions, ProviderKindDefinition } from './kinds/index.js';
export * from './catalog/index.js';
export * from './cost/index.js';
export * from './routing/index.js';

export { createGateway, type GatewayOptions } from './gateway/create-gateway.js';
export type { Gateway, GatewayBudgetQuery, ListModelsQuery } from './gateway/gateway.js';
export type { BudgetChange, BudgetChangeListener } from './gateway/budget-changes.js';
export { collectResult } from './gateway/collect-result.js';
export { EMBED_MAX_INPUTS } from './gateway/validate-embed-request.js';
export { EMBED_CONCURRENCY } from './gateway/run-embed.js';
export { renameArguments } from './gateway/rename-arguments.js';
export { closestKey } from './config/closest-key.js';
export { createUpstreamTransport, type UpstreamTransport, type UpstreamTransportOptions } from './transport/create-upstream-transport.js';

export { createLedger, defaultBudgetSource, type CreateLedgerOptions } from './ledger/create-ledger.js';
export type { BookEntry, BudgetBook, BudgetBookStore } from './ledger/shared-budgets/budget-book.js';
export { openEmbeddedBudgetBook, BUDGET_BOOK_FILE } from './ledger/shared-budgets/embedded-budget-book.js';
export { openRedisBudgetBook } from './ledger/shared-budgets/redis-budget-book.js';
export { BUDGET_REFRESH_MS } from './ledger/shared-budgets/create-shared-budgets.js';
export type * from './ledger/ledger.js';
export type { LedgerRecord, LedgerOutcome, RequestKind } from './ledger/ledger-record.js';
export type { AlertDeliveryState, AlertDeliveryStatus, FiredAlert, LedgerStore, OutboxAlert } from './ledger/store.js';
export { toOutboxAlert, type AlertInput } from './ledger/alerts/to-outbox-alert.js';
export { ALERT_SIGNATURE_HEADER, ALERT_SIGNATURE_TOLERANCE_S, signAlert, verifyAlertSignature, type VerifyAlertOptions } from './ledger/alerts/sign-alert.js';
export type { UsageTotals } from './ledger/usage-totals.js';
export { createStderrLogger, type Logger } from './log/logger.js';
export type * from './ledger/budget/budget-status.js';
export { formatUsd, money, type Money } from './money/money.js';

export { createRedisLedgerStore, type RedisLedgerStoreOptions, type StoreUnavailablePolicy } from './ledger/redis/create-redis-ledger-store.js';
export { createRedisCooldownStore, type RedisCooldownStore, type RedisCooldownStoreOptions } from './routing/redis-cooldown-store.js';
export { createStoresFromConfig, REDIS_FALLBACK_DIR, type ConfiguredStores, type StoresFromConfigOptions } from './gateway/create-stores-from-config.js';
export { importEmbeddedLedger, type ImportEmbeddedLedgerOptions, type ImportEmbeddedLedgerResult } from './ledger/import-embedded-ledger.js';
export { describeRedisUrl } from './redis/describe-redis-url.js';
