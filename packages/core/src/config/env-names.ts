/**
 * Environment variables the configuration reads. These names are public
 * interface (README, n8n and MCP docs): change them only with a migration.
 * Where a list is given, the first set (non-empty) variable wins.
 */
export const ENV_NAMES = {
  configFile: 'AEGIS_LLM_CONFIG',
  home: 'AEGIS_LLM_HOME',
  alertWebhook: 'AEGIS_LLM_ALERT_WEBHOOK',
  /** `redis://host:port/db` to share the ledger, budgets and cooldowns through Redis; `embedded` for the default. */
  store: 'AEGIS_LLM_STORE',
  dashscopeApiKey: ['DASHSCOPE_API_KEY', 'ALIBABA_CLOUD_API_KEY'],
  dashscopeRegion: 'DASHSCOPE_REGION',
  dashscopeBaseURL: 'DASHSCOPE_BASE_URL',
  openaiApiKey: ['OPENAI_API_KEY'],
  openaiBaseURL: 'OPENAI_BASE_URL',
  ollamaBaseURL: 'OLLAMA_BASE_URL',
  anyllmBaseURL: 'ANYLLM_BASE_URL',
  anyllmApiKey: ['ANYLLM_API_KEY'],
  anyllmModel: 'ANYLLM_MODEL',
} as const;

/** Monthly budgets in USD (`"12.50"`), by provider id. */
export const BUDGET_ENV_NAMES: Readonly<Record<string, readonly string[]>> = {
  dashscope: ['MONTHLY_BUDGET_ALIBABA_CLOUD', 'MONTHLY_BUDGET_DASHSCOPE'],
  openai: ['MONTHLY_BUDGET_OPENAI'],
  anyllm: ['MONTHLY_BUDGET_ANYLLM'],
};

/** The config file looked for in the working directory when AEGIS_LLM_CONFIG is unset. */
export const DEFAULT_CONFIG_FILE_NAME = 'aegis-llm.config.json';
