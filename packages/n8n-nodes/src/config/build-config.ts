import { DEFAULT_HOME, parseConfig, type AegisConfig } from '@aegis-llm/core';
import { credentialConfigError } from './credential-config-error.js';
import type { ProviderSetup } from './provider-setup.js';

/** Where the ledger lives when neither the node nor the credential says. */
export const DEFAULT_DATA_DIR = DEFAULT_HOME;

export interface BuildConfigOptions {
  /** Names the credential in configuration errors. @default 'Aegis LLM' */
  credentialLabel?: string;
  /** The node's own data directory setting, which wins over the credential's. */
  dataDir?: string;
  /** AEGIS_LLM_HOME of the n8n process: the MCP server's default, shared. */
  envHome?: string;
}

/**
 * The gateway configuration of one node run, from its credential alone. The
 * n8n process's environment is deliberately not read (beyond the data
 * directory): a DASHSCOPE_API_KEY set for n8n must not override the key the
 * workflow's credential holds.
 */
export function buildConfig(setup: ProviderSetup, options: BuildConfigOptions = {}): AegisConfig {
  const home = nonBlank(options.dataDir) ?? nonBlank(setup.dataDir) ?? nonBlank(options.envHome) ?? DEFAULT_DATA_DIR;
  try {
    return parseConfig({ ...setup.raw, home }, {});
  } catch (error) {
    throw credentialConfigError(error, options.credentialLabel ?? 'Aegis LLM');
  }
}

function nonBlank(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}
