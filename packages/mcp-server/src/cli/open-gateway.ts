import path from 'node:path';
import {
  createGateway,
  createStderrLogger,
  DEFAULT_CONFIG_FILE_NAME,
  ENV_NAMES,
  loadConfig,
  type AegisConfig,
  type Gateway,
  type Logger,
} from '@aegis-llm/core';
import { createClientKeyStore, type ClientKeyStore } from '../client-keys/create-client-key-store.js';
import type { CliIo } from './cli-io.js';
import type { Values } from './commands.js';

export interface OpenedGateway {
  gateway: Gateway;
  config: AegisConfig;
  logger: Logger;
  /** The config file in use, or where the admin page will create one. */
  configFile: string;
  /** Applies a configuration the admin page saved and validated (with `paths`, as loaded here). */
  reconfigure(config: AegisConfig): Promise<void>;
  /** Where relative and `~` paths in the config file are read from. */
  paths: { cwd: string };
  /** The home's client keys: their monthly budgets are declared to the core as `client_key=<id>` tag budgets. */
  clientKeys: ClientKeyStore;
}

/**
 * Configuration from `--config` / AEGIS_LLM_CONFIG / ./aegis-llm.config.json
 * plus the environment, and the gateway over it. An invalid configuration
 * throws the core's `invalid_config` error, whose one message main() prints.
 */
export function openGateway(values: Values, io: CliIo): OpenedGateway {
  const file = typeof values.config === 'string' ? values.config : undefined;
  const options = { env: io.env, cwd: io.cwd, file };
  const config = loadConfig(options);
  const logger = createStderrLogger();
  // Every process on this home declares the keys' budgets, so `budget`, stdio and serve agree.
  const clientKeys = createClientKeyStore(config.home);
  const gateway = createGateway({ config, logger, tagBudgets: () => clientKeys.tagBudgets() });
  const configFile = config.configFile ?? path.resolve(io.cwd, file ?? io.env[ENV_NAMES.configFile] ?? DEFAULT_CONFIG_FILE_NAME);
  return {
    gateway,
    config,
    logger,
    configFile,
    paths: { cwd: io.cwd },
    clientKeys,
    async reconfigure(next) {
      gateway.reconfigure(next);
    },
  };
}
