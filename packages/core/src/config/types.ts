/**
 * The resolved configuration: what the rest of the core reads after the file
 * and the environment are merged and validated (see ./schema.ts for the input
 * format). Types only.
 */
import type { CatalogEntryOverride } from '../catalog/types.js';
import type { DashScopeRegion } from '../kinds/dashscope/dashscope-regions.js';
import type { ProviderKind } from '../types.js';

export type { DashScopeRegion };

export interface ResolvedProvider {
  /** `dashscope`, `openai`, `ollama`, `anyllm`, or an extra endpoint's name. */
  id: string;
  kind: ProviderKind;
  /**
   * OpenAI-compatible base URL, ending before `/chat/completions`, without a
   * trailing slash. Empty only for AnyLLM when no base URL is set (then
   * `configured` is false).
   */
  baseURL: string;
  /** The key itself, resolved from the file or the environment. Never logged. */
  apiKey?: string;
  headers: Record<string, string>;
  defaultModel?: string;
  /** For kinds with regions (DashScope): one of the kind's region ids. */
  region?: string;
  /**
   * False when a key is missing (kinds whose keyNeed is `needs`: DashScope,
   * OpenAI), when a kind without a default base URL (AnyLLM) has none, or
   * when the file names an `apiKeyEnv` variable that is unset. A kind that
   * takes no key (Ollama) is always configured.
   */
  configured: boolean;
  /** For an unconfigured provider: what to set, in words. */
  notConfiguredHint?: string;
}

export interface RoutingSettings {
  /** Retries of one target on retryable errors, before falling back. @default 2 */
  maxRetries: number;
  /** A Retry-After longer than this falls back at once instead of waiting. @default 5000 */
  maxRetryWaitMs: number;
  /** First backoff step (doubled each retry, with full jitter). @default 250 */
  baseBackoffMs: number;
  /** @default 4000 */
  maxBackoffMs: number;
  /**
   * Deadline for silence: by then the answer must have started (its first
   * text, reasoning or tool-call delta), all attempts, retries and fallbacks
   * included. A stream that is delivering is not cut by it: from the first
   * delta only `streamIdleTimeoutMs` without a part, or `maxRequestMs` in all,
   * end it. An upstream asked for one answer (`streamUpstream: false`)
   * delivers only at its end, so for it this bounds the whole call.
   * @default 55000
   */
  requestTimeoutMs: number;
  /**
   * The longest a request may last in all while it is delivering (a long
   * answer streamed at a healthy pace). Also sets how long a crashed
   * process's budget reservation is held (this + 60 s). A request's own
   * `timeoutMs` is capped at it. @default 600000 (10 minutes, the openai SDK's
   * default request timeout)
   */
  maxRequestMs?: number;
  /** A stream that sends nothing for this long ends with a timeout. @default 30000 */
  streamIdleTimeoutMs: number;
  /**
   * Ask upstreams for a stream even when the caller wants one answer. A hung
   * upstream is then caught by the idle timer and falls back, instead of
   * holding the request until its deadline. @default true
   */
  streamUpstream: boolean;
  /**
   * Cap on one attempt, so a hang leaves time for the next target. Mostly
   * useful with `streamUpstream: false`. @default none
   */
  attemptTimeoutMs?: number;
  cooldown: {
    /** Failures within `windowMs` that put a target in cooldown. @default 3 */
    failures: number;
    /** @default 60000 */
    windowMs: number;
    /** @default 30000 */
    durationMs: number;
  };
  /** Fall back to the next target when content is filtered. @default false */
  fallbackOnContentFilter: boolean;
}

export interface ProviderBudget {
  /** Monthly limit in micro-USD. */
  monthlyLimitMicroUsd: number;
  /** What happens at the limit. @default 'block' */
  onLimit: 'block' | 'fallback';
  /** Percent thresholds that fire an alert once per period. @default [50, 80, 100] */
  alertThresholds: number[];
  /** Optional per-model monthly limits in micro-USD. */
  models: Record<string, number>;
  /**
   * What a model the catalog cannot price may do under this budget:
   * `refuse` it (nothing is sent; the error says to add its price under
   * `models`), `allow` it (admitted while the limit is not reached, recorded
   * as unpriced, its spend unknown), or reserve and charge it at an assumed
   * price per 1M tokens, input and output alike. @default 'refuse'
   */
  unpriced?: UnpricedPolicy;
}

/** A tag-scoped monthly budget (AegisConfig.tagBudgets). */
export interface TagBudget {
  /** Monthly limit in micro-USD. */
  monthlyLimitMicroUsd: number;
  /** Percent thresholds that fire an alert once per period. @default [50, 80, 100] */
  alertThresholds: number[];
}

export type UnpricedPolicy = 'refuse' | 'allow' | { assumeUsdPer1M: number };

/** The default store: files in `<home>/ledger`, shared by the processes of one machine. */
export interface EmbeddedStoreSettings {
  kind: 'embedded';
}

/** One Redis shared by several processes or machines: ledger, budgets and cooldowns. */
export interface RedisStoreSettings {
  kind: 'redis';
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://` (TLS). May hold a password: never logged. */
  url: string;
  /**
   * While Redis is unreachable: `fail-closed` refuses new requests with a
   * `store_unavailable` error; `fail-open` admits them and records them
   * locally (in `<home>/ledger-fallback`), replayed into Redis when it is
   * back. Either way, requests already admitted are recorded. @default 'fail-closed'
   */
  onUnavailable: 'fail-closed' | 'fail-open';
  /** Prefix of every key, so deployments can share one Redis. @default 'aegis:' */
  keyPrefix: string;
  /** How long the per-request records stay in Redis (sums are kept 13 months). @default 90 */
  recordRetentionDays: number;
}

export type StoreSettings = EmbeddedStoreSettings | RedisStoreSettings;

export interface AegisConfig {
  /** Data directory (ledger, state), absolute, `~` expanded. @default ~/.aegis-llm */
  home: string;
  /** Absolute path of the config file read, if any. */
  configFile?: string;
  /** Every known provider, configured or not: dashscope, openai, ollama, anyllm, extra endpoints. */
  providers: Record<string, ResolvedProvider>;
  /** Catalog additions and overrides from the file: partial entries, merged field-wise over built-in data by createCatalog. */
  models: CatalogEntryOverride[];
  /** Task type -> ordered `provider/model` targets, as the file gives them (routing merges them over its defaults). */
  routes: Record<string, string[]>;
  routing: RoutingSettings;
  /** Provider id -> budget. Providers without an entry have no limit. */
  budgets: Record<string, ProviderBudget>;
  /**
   * Tag scope `name=value` -> budget: a request whose tags hold the pair
   * counts against it, whatever its provider (e.g. `client_key=k_1`,
   * `workflow_id=abc`). At the limit such requests are refused. Read with
   * getOwn (keys come from users). Absent: none.
   */
  tagBudgets?: Record<string, TagBudget>;
  /**
   * `webhookSecret`: what each webhook POST is signed with (HMAC-SHA256 in
   * `X-Aegis-Signature`); a secret, never logged or shown.
   */
  alerts: { webhookUrl?: string; webhookSecret?: string };
  /** IANA time zone that decides where a month starts. @default 'UTC' */
  timeZone: string;
  /** Conversion of non-USD price lists. @default { cnyPerUsd: 7.2 } */
  currency: { cnyPerUsd: number };
  /**
   * Where the ledger, budgets and cooldowns live. Read at start: a change
   * needs a restart. @default { kind: 'embedded' }
   */
  store: StoreSettings;
}
