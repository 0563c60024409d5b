import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_HOME } from '@aegis-llm/core';

/**
 * AEGIS_LLM_HOME of the n8n process, the data directory the MCP server uses
 * by default too. With AEGIS_LLM_STORE (envStore), N8N_USER_FOLDER and HOME
 * (n8nDataDir), the only environment variables the nodes read.
 */
export function envHome(): string | undefined {
  return process.env.AEGIS_LLM_HOME;
}

/** AEGIS_LLM_STORE of the n8n process: the store (a Redis URL, or `embedded`) the MCP server uses too. */
export function envStore(): string | undefined {
  return process.env.AEGIS_LLM_STORE;
}

export interface DefaultDataDir {
  dir: string;
  /** Set when an existing ledger in the old default (~/.aegis-llm) is kept: how to move it under the n8n folder. */
  notice?: string;
}

/**
 * The ledger's default home for n8n: `aegis-llm` in n8n's own data folder,
 * `<N8N_USER_FOLDER or home>/.n8n`, as n8n resolves it, so it lives (and is
 * backed up, and survives a container recreated on the same volume) with
 * n8n's data. A ledger already in the old default (~/.aegis-llm) while the
 * new one has none is kept in use, with a notice saying how to move it.
 */
export function n8nDataDir(env: NodeJS.ProcessEnv = process.env): DefaultDataDir {
  const userFolder = env.N8N_USER_FOLDER?.trim() || homedir();
  const dir = join(userFolder, '.n8n', 'aegis-llm');
  if (existsSync(dir) || !existsSync(join(DEFAULT_HOME, 'ledger'))) return { dir };
  return {
    dir: DEFAULT_HOME,
    notice:
      `The spend ledger is still in ${DEFAULT_HOME}, its old default. It is used as before; to keep it with n8n's data ` +
      `(and in a container's n8n volume), stop n8n and move that folder to ${dir}, or set AEGIS_LLM_HOME to keep it where it is.`,
  };
}
