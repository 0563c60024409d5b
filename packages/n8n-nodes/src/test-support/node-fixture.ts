import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, parseConfig, type BudgetStatus } from '@aegis-llm/core';
import { startSimulator, type Simulator, type SimulatorOptions } from '@aegis-llm/simulator';

/** A fake key that must never show up anywhere but the Authorization header. */
export const TEST_KEY = 'sk-n8n-canary-0123456789abcdef';

export interface NodeFixture {
  sim: Simulator;
  /** The data directory the nodes' ledger is in. */
  home: string;
  /** The DashScope credential, pointed at the simulator. */
  dashscopeCredential: Record<string, string | number>;
  /** The budget status as another process sharing the ledger (the MCP server) sees it. */
  sharedBudget(provider: string): Promise<BudgetStatus['providers'][number] | undefined>;
  close(): Promise<void>;
}

/** The simulator and a fresh data directory, as the node tests use them. */
export async function startNodeFixture(simulator: SimulatorOptions = {}): Promise<NodeFixture> {
  const sim = await startSimulator({ apiKey: TEST_KEY, ...simulator });
  const home = mkdtempSync(join(tmpdir(), 'aegis-n8n-'));
  return {
    sim,
    home,
    dashscopeCredential: { apiKey: TEST_KEY, region: 'custom', baseUrl: sim.baseURL, dataDir: home },
    async sharedBudget(provider) {
      const gateway = createGateway({ config: parseConfig({ home }, {}) });
      try {
        const status = await gateway.budgetStatus({ provider });
        return status.providers.find((p) => p.provider === provider);
      } finally {
        await gateway.close();
      }
    },
    async close() {
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
