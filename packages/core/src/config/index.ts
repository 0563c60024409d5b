export { loadConfig, type LoadConfigOptions } from './load-config.js';
export { parseConfig, type ConfigMeta } from './parse-config.js';
export type { ConfigProblem, InvalidConfigDetails } from './invalid-config.js';
export { configFileSchema, type ConfigFile } from './schema.js';
export { configSecrets } from './config-secrets.js';
export { BUDGET_ENV_NAMES, DEFAULT_CONFIG_FILE_NAME, ENV_NAMES, KEY_ENV_NAMES } from './env-names.js';
export { CAPABILITIES } from './model-override-schema.js';
export { DEFAULT_ALERT_THRESHOLDS, DEFAULT_HOME, DEFAULT_ROUTING } from './default-routing.js';
export type * from './types.js';
export {
  describeTaskNameProblem,
  endpointNameProblem,
  ENDPOINT_NAME_PATTERN,
  ENDPOINT_NAME_RULE,
  MODEL_NAME_MAX_LENGTH,
  NAME_MAX_LENGTH,
  suggestTaskName,
  TASK_NAME_PATTERN,
  TASK_NAME_RULE,
  taskNameProblem,
  type NameProblem,
} from './name-rules.js';
