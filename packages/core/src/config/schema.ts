/**
 * The configuration file, `aegis-llm.config.json`: one zod schema.
 *
 * Where it is read from: the path in `AEGIS_LLM_CONFIG`, else
 * `./aegis-llm.config.json` in the working directory if that exists. No file
 * is fine: everything has a default or comes from the environment.
 *
 * ```json
 * {
 *   "home": "~/.aegis-llm",
 *   "providers": {
 *     "dashscope": { "apiKeyEnv": "MY_DASHSCOPE_KEY", "region": "singapore", "defaultModel": "qwen-plus" },
 *     "openai": { "apiKey": "sk-...", "baseURL": "https://api.openai.com/v1", "defaultModel": "gpt-4o-mini" },
 *     "ollama": { "baseURL": "http://127.0.0.1:11434/v1", "defaultModel": "qwen2.5:0.5b" },
 *     "anyllm": { "baseURL": "http://127.0.0.1:8000/v1", "defaultModel": "my-model" }
 *   },
 *   "endpoints": [
 *     { "name": "groq", "baseURL": "https://api.groq.com/openai/v1", "apiKeyEnv": "GROQ_API_KEY",
 *       "defaultModel": "llama-3.1-8b-instant", "headers": { "X-Title": "aegis" } }
 *   ],
 *   "models": [
 *     { "provider": "dashscope", "model": "qwen-max",
 *       "pricing": { "currency": "USD", "tiers": [{ "input": 1.6, "output": 6.4 }], "source": "my contract", "asOf": "2026-11-01" } }
 *   ],
 *   "routes": { "chat": ["dashscope/qwen-plus", "ollama/qwen2.5:0.5b"] },
 *   "routing": { "maxRetries": 2, "maxRetryWaitMs": 5000, "baseBackoffMs": 250, "maxBackoffMs": 4000,
 *                "requestTimeoutMs": 55000, "maxRequestMs": 600000, "streamIdleTimeoutMs": 30000,
 *                "streamUpstream": true, "attemptTimeoutMs": 20000,
 *                "cooldown": { "failures": 3, "windowMs": 60000, "durationMs": 30000 },
 *                "fallbackOnContentFilter": false },
 *   "budgets": { "dashscope": { "monthlyUsd": 50, "onLimit": "block", "alertThresholds": [50, 80, 100],
 *                               "models": { "qwen-max": 20 }, "unpriced": "refuse" } },
 *   "alerts": { "webhookUrl": "https://hooks.example.com/aegis" },
 *   "timeZone": "UTC",
 *   "currency": { "cnyPerUsd": 7.2 },
 *   "store": { "url": "redis://127.0.0.1:6379/0", "onUnavailable": "fail-closed", "keyPrefix": "aegis:",
 *              "recordRetentionDays": 90 }
 * }
 * ```
 *
 * Rules:
 * - Keys: `apiKey` holds a key inline, `apiKeyEnv` names the environment
 *   variable holding it; give one, not both. A provider without a key is
 *   simply not configured; everything else still works.
 * - The environment overrides the file field by field: `DASHSCOPE_API_KEY`
 *   (or `ALIBABA_CLOUD_API_KEY`), `DASHSCOPE_REGION`, `DASHSCOPE_BASE_URL`,
 *   `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OLLAMA_BASE_URL`, `ANYLLM_BASE_URL`,
 *   `ANYLLM_API_KEY`, `ANYLLM_MODEL`, `AEGIS_LLM_HOME`,
 *   `MONTHLY_BUDGET_ALIBABA_CLOUD` (or `MONTHLY_BUDGET_DASHSCOPE`),
 *   `MONTHLY_BUDGET_OPENAI`, `MONTHLY_BUDGET_ANYLLM`, `AEGIS_LLM_ALERT_WEBHOOK`,
 *   `AEGIS_LLM_STORE` (the store URL). Empty variables count as unset.
 * - DashScope: `baseURL` (or `DASHSCOPE_BASE_URL`), when given, replaces the
 *   region's host; keys are region-bound, so pick the region the key was made in.
 * - Ollama needs no key and is always configured; a base URL without a path
 *   gets `/v1` appended (Ollama serves its OpenAI-compatible API there).
 * - AnyLLM is configured once it has a base URL; its key is optional.
 * - `endpoints[].name` becomes a provider id: `[a-z0-9][a-z0-9_-]*`, not a
 *   built-in id (dashscope, openai, ollama, anyllm), unique.
 * - Money is in USD, a number or a decimal string, read exactly to the
 *   micro-dollar (more than 6 decimals round half up).
 * - `budgets.<provider>.unpriced`: a model the catalog cannot price is
 *   refused under that budget (`"refuse"`, the default: add its price under
 *   `models`), admitted unpriced (`"allow"`), or reserved and charged at
 *   `{ "assumeUsdPer1M": 10 }` USD per 1M tokens, input and output alike.
 * - `tagBudgets`: `{ "client_key=k_1": { "monthlyUsd": 5 } }`: every
 *   request whose tags hold that name and value counts against it, across
 *   providers; at the limit it is refused (no fallback: any target would
 *   count against the same tag).
 * - `home` expands a leading `~`; a relative path is taken from the config
 *   file's directory (from the working directory when set by AEGIS_LLM_HOME).
 * - `store`: where the ledger, budgets and cooldowns live. Without a `url`
 *   (here or in `AEGIS_LLM_STORE`), the embedded store in `home`. A
 *   `redis://` / `rediss://` URL shares them between processes and machines
 *   through one Redis (6.2 or newer, not Cluster); `"embedded"` forces the
 *   default. `onUnavailable` says what happens while Redis cannot be
 *   reached: `fail-closed` (default) refuses new requests, `fail-open`
 *   admits them and records them locally until Redis is back. The URL may
 *   hold a password; it is never shown or logged. A change needs a restart.
 * - Unknown keys are errors (with the closest known key suggested), so a
 *   typo cannot silently drop a setting.
 */
import { z } from 'zod';
import { DASHSCOPE_REGIONS } from '../kinds/dashscope/dashscope-regions.js';
import { isRedisUrl } from './redis-url.js';
import { modelOverrideSchema } from './model-override-schema.js';
import { ENDPOINT_NAME_PATTERN, ENDPOINT_NAME_RULE, MODEL_NAME_MAX_LENGTH, NAME_MAX_LENGTH, TASK_NAME_PATTERN, TASK_NAME_RULE } from './name-rules.js';
import { baseUrl, check, envVarName, headers, httpUrl, isTimeZone, modelName, nonEmpty, usdAmount } from './schema-checks.js';

/** `apiKey` / `apiKeyEnv`, never both. */
function withKey<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({ ...shape, apiKey: nonEmpty.optional(), apiKeyEnv: envVarName.optional() }).superRefine((value, ctx) => {
    // Generic shapes lose the key fields' types; the two are known strings here.
    const keys = value as { apiKey?: string; apiKeyEnv?: string };
    if (keys.apiKey !== undefined && keys.apiKeyEnv !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'sets both apiKey and apiKeyEnv.',
        params: { whole: true, fix: 'Keep one: apiKey holds the key itself, apiKeyEnv names the environment variable that holds it.' },
      });
    }
  });
}

const dashscopeSchema = withKey({
  region: z.enum(DASHSCOPE_REGIONS).optional(),
  baseURL: baseUrl.optional(),
  defaultModel: nonEmpty.optional(),
  headers: headers.optional(),
});

const openaiSchema = withKey({
  baseURL: baseUrl.optional(),
  defaultModel: nonEmpty.optional(),
  headers: headers.optional(),
});

const ollamaSchema = z.strictObject({
  baseURL: baseUrl.optional(),
  defaultModel: nonEmpty.optional(),
  headers: headers.optional(),
});

const endpointSchema = withKey({
  name: z
    .string()
    .refine(...check((v: string) => v.length <= NAME_MAX_LENGTH, `is longer than ${NAME_MAX_LENGTH} characters.`, ENDPOINT_NAME_RULE))
    .refine(...check((v: string) => ENDPOINT_NAME_PATTERN.test(v), 'is not a valid endpoint name.', ENDPOINT_NAME_RULE)),
  baseURL: baseUrl,
  defaultModel: nonEmpty.optional(),
  headers: headers.optional(),
});

const taskName = z
  .string()
  .refine(...check((v: string) => v.length <= NAME_MAX_LENGTH, `is longer than ${NAME_MAX_LENGTH} characters.`, TASK_NAME_RULE))
  .refine(...check((v: string) => TASK_NAME_PATTERN.test(v), 'is not a task name.', TASK_NAME_RULE));

/** `provider/model`; the model part may itself contain `/` or `:` (`ollama/hf.co/x/y:q4`). */
const target = z
  .string()
  .refine(...check((v: string) => /^[^/\s]+\/\S+$/.test(v), 'is not a "provider/model" target.', 'Write it as provider/model, e.g. "dashscope/qwen-plus".'))
  .refine(
    ...check(
      (v: string) => v.length <= NAME_MAX_LENGTH + 1 + MODEL_NAME_MAX_LENGTH,
      `is longer than ${NAME_MAX_LENGTH + 1 + MODEL_NAME_MAX_LENGTH} characters.`,
      'Write it as provider/model with the model id the provider lists.',
    ),
  );

const ms = z.int().min(0);

const routingSchema = z.strictObject({
  maxRetries: z.int().min(0).max(10).optional(),
  maxRetryWaitMs: ms.optional(),
  baseBackoffMs: ms.optional(),
  maxBackoffMs: ms.optional(),
  requestTimeoutMs: z.int().positive().optional(),
  maxRequestMs: z.int().positive().optional(),
  streamIdleTimeoutMs: z.int().positive().optional(),
  streamUpstream: z.boolean().optional(),
  attemptTimeoutMs: z.int().positive().optional(),
  cooldown: z.strictObject({ failures: z.int().positive().optional(), windowMs: z.int().positive().optional(), durationMs: ms.optional() }).optional(),
  fallbackOnContentFilter: z.boolean().optional(),
});

const budgetSchema = z.strictObject({
  monthlyUsd: usdAmount,
  onLimit: z.enum(['block', 'fallback']).optional(),
  alertThresholds: z.array(z.number().gt(0).max(100)).optional(),
  /** Model id -> monthly USD limit for that model alone. */
  models: z.record(modelName, usdAmount).optional(),
  /** An unpriced model: refused (default), allowed, or charged at an assumed USD price per 1M tokens. */
  unpriced: z.union([z.enum(['refuse', 'allow']), z.strictObject({ assumeUsdPer1M: z.number().positive().finite() })]).optional(),
});

const tagBudgetSchema = z.strictObject({
  monthlyUsd: usdAmount,
  alertThresholds: z.array(z.number().gt(0).max(100)).optional(),
});

const storeSchema = z.strictObject({
  url: z
    .string()
    .refine(
      ...check(
        (v: string) => v === 'embedded' || isRedisUrl(v),
        'is not a Redis URL.',
        'Use redis://host:6379/0 (rediss:// for TLS), or "embedded" for the default store.',
      ),
    )
    .optional(),
  onUnavailable: z.enum(['fail-closed', 'fail-open']).optional(),
  keyPrefix: z
    .string()
    .refine(...check((v: string) => /^[\w.:{}-]{1,64}$/.test(v), 'is not a key prefix.', 'Use up to 64 letters, digits, "_", "-", ".", ":", e.g. "aegis:".'))
    .optional(),
  recordRetentionDays: z.int().min(1).max(3660).optional(),
});

export const configFileSchema = z.strictObject({
  /** Editors' JSON schema hint; ignored. */
  $schema: z.string().optional(),
  home: nonEmpty.optional(),
  providers: z
    .strictObject({
      dashscope: dashscopeSchema.optional(),
      openai: openaiSchema.optional(),
      ollama: ollamaSchema.optional(),
      anyllm: withKey({ baseURL: baseUrl.optional(), defaultModel: nonEmpty.optional(), headers: headers.optional() }).optional(),
    })
    .optional(),
  endpoints: z.array(endpointSchema).optional(),
  models: z.array(modelOverrideSchema).optional(),
  routes: z.record(taskName, z.array(target).min(1)).optional(),
  routing: routingSchema.optional(),
  /** Provider id -> monthly budget. */
  budgets: z.record(nonEmpty, budgetSchema).optional(),
  /** Tag scope `name=value` -> monthly budget of every request carrying that tag (checked in check-cross-references). */
  tagBudgets: z.record(nonEmpty, tagBudgetSchema).optional(),
  alerts: z
    .strictObject({
      webhookUrl: httpUrl.optional(),
      /** Signs each POST (HMAC-SHA256, `X-Aegis-Signature`); a secret: prefer webhookSecretEnv. */
      webhookSecret: z.string().min(16, 'is shorter than 16 characters.').optional(),
      /** The environment variable that holds the signing secret. */
      webhookSecretEnv: envVarName.optional(),
    })
    .optional(),
  timeZone: z
    .string()
    .refine(...check(isTimeZone, 'is not an IANA time zone.', 'Use a name such as "UTC", "Europe/Berlin" or "Asia/Shanghai".'))
    .optional(),
  currency: z.strictObject({ cnyPerUsd: z.number().positive() }).optional(),
  /** Where the ledger, budgets and cooldowns live: embedded (default) or one Redis. */
  store: storeSchema.optional(),
});

/** The config file as parsed (before the environment is merged in). */
export type ConfigFile = z.infer<typeof configFileSchema>;
