import { PROVIDER_KINDS } from '../kinds/index.js';

/**
 * Environment variables the configuration reads beyond the provider kinds'
 * own (each kind's `env`, ../kinds/<kind>/). These names are public
 * interface (README, n8n and MCP docs): change them only with a migration.
 */
export const ENV_NAMES = {
  configFile: 'AEGIS_LLM_CONFIG',
  home: 'AEGIS_LLM_HOME',
  alertWebhook: 'AEGIS_LLM_ALERT_WEBHOOK',
  /** The secret alert webhook POSTs are signed with (HMAC-SHA256, `X-Aegis-Signature`). */
  alertWebhookSecret: 'AEGIS_LLM_ALERT_WEBHOOK_SECRET',
  /** `redis://host:port/db` to share the ledger, budgets and cooldowns through Redis; `embedded` for the default. */
  store: 'AEGIS_LLM_STORE',
} as const;

/** Monthly budgets in USD (`"12.50"`), by provider id: the kinds that declare a variable; the first set one wins. */
export const BUDGET_ENV_NAMES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  PROVIDER_KINDS.flatMap((kind) => (kind.env.budget === undefined ? [] : [[kind.id, kind.env.budget]])),
);

/** Every variable that may hold a provider key. */
export const KEY_ENV_NAMES: readonly string[] = PROVIDER_KINDS.flatMap((kind) => kind.env.apiKey ?? []);

/** The config file looked for in the working directory when AEGIS_LLM_CONFIG is unset. */
export const DEFAULT_CONFIG_FILE_NAME = 'aegis-llm.config.json';
