export { loadConfig, type LoadConfigOptions } from './load-config.js';
export { parseConfig, type ConfigMeta } from './parse-config.js';
export { configFileSchema, type ConfigFile } from './schema.js';
export { configSecrets } from './config-secrets.js';
export { DASHSCOPE_REGION_BASE_URLS, DASHSCOPE_REGIONS, DEFAULT_DASHSCOPE_REGION } from './dashscope-regions.js';
export { BUDGET_ENV_NAMES, DEFAULT_CONFIG_FILE_NAME, ENV_NAMES } from './env-names.js';
export { BUILTIN_PROVIDER_IDS } from './builtin-providers.js';
export { DEFAULT_ALERT_THRESHOLDS, DEFAULT_ROUTING } from './default-routing.js';
export type * from './types.js';
