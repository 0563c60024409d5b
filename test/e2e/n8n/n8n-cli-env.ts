import { join } from 'node:path';
import { createServer } from 'node:net';
import { createGateway, parseConfig, type BudgetStatus } from '@aegis-llm/core';

/** The ledger as another process sharing it sees it (the MCP server would). */
export async function readLedger(home: string): Promise<BudgetStatus> {
  const reader = createGateway({ config: parseConfig({ home }, {}) });
  try {
    return await reader.budgetStatus();
  } finally {
    await reader.close();
  }
}

/** Not vitest's NODE_ENV=test: n8n silences its output under it (and its CLI prints the run through its logger). */
export function withoutTestRunnerVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
}

/**
 * The environment of an n8n run in `work` (its user folder there, no
 * telemetry, a free task-runner port) with the Aegis home at `aegisHome`.
 */
export async function n8nCliEnv(work: string, aegisHome: string): Promise<NodeJS.ProcessEnv> {
  return {
    ...withoutTestRunnerVariables(process.env),
    N8N_USER_FOLDER: join(work, 'n8n-user'),
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    AEGIS_LLM_HOME: aegisHome,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
