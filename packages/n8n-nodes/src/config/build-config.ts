import { DEFAULT_HOME, parseConfig, type AegisConfig } from '@aegis-llm/core';
import { credentialConfigError } from './credential-config-error.js';
import { n8nDataDir, type DefaultDataDir } from './env-home.js';
import type { ProviderSetup } from './provider-setup.js';

/** The MCP server's default home, where n8n's ledger lived before it moved under the n8n folder. */
export const LEGACY_DATA_DIR = DEFAULT_HOME;

export interface BuildConfigOptions {
  /** Names the credential in configuration errors. @default 'Aegis LLM' */
  credentialLabel?: string;
  /** The node's own data directory setting, which wins over the credential's. */
  dataDir?: string;
  /** AEGIS_LLM_HOME of the n8n process: the MCP server's default, shared. */
  envHome?: string;
  /** AEGIS_LLM_STORE of the n8n process: the store when the credential names none. */
  envStore?: string;
  /** Where the ledger lives when nothing else says (tests pass theirs). @default n8nDataDir() */
  defaultDataDir?: () => DefaultDataDir;
  /** Told once per run when the old default ledger is kept in use. */
  warn?: (message: string) => void;
}

/**
 * The gateway configuration of one node run, from its credential alone. The
 * n8n process's environment is deliberately not read (beyond the data
 * directory): a DASHSCOPE_API_KEY set for n8n must not override the key the
 * workflow's credential holds.
 */
export function buildConfig(setup: ProviderSetup, options: BuildConfigOptions = {}): AegisConfig {
  let home = nonBlank(options.dataDir) ?? nonBlank(setup.dataDir) ?? nonBlank(options.envHome);
  if (home === undefined) {
    const fallback = (options.defaultDataDir ?? n8nDataDir)();
    if (fallback.notice !== undefined) options.warn?.(fallback.notice);
    home = fallback.dir;
  }
  // The credential's store first, then the n8n process's AEGIS_LLM_STORE (read by the core as the MCP server reads it).
  const storeUrl = nonBlank(setup.storeUrl);
  const envStore = nonBlank(options.envStore);
  try {
    return parseConfig(
      { ...setup.raw, home, ...(storeUrl === undefined || storeUrl === 'embedded' ? {} : { store: { url: storeUrl } }) },
      storeUrl === undefined && envStore !== undefined ? { AEGIS_LLM_STORE: envStore } : {},
    );
  } catch (error) {
    throw credentialConfigError(error, options.credentialLabel ?? 'Aegis LLM');
  }
}

function nonBlank(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}
