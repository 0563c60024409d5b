import type { Gateway } from '@aegis-llm/core';
import type { Simulator, SimulatorOptions } from '@aegis-llm/simulator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
// The core's gateway fixture: simulator keyed with the canary, ledger in a temp dir.
import { CANARY_KEY, memoryLogger, startGatewayFixture } from '../../../core/src/test-support/gateway-fixture.js';
import { createServer } from '../server/create-server.js';
import type { ServerDeps } from '../server/server-deps.js';

export { CANARY_KEY, memoryLogger };

export interface McpFixture {
  sim: Simulator;
  gateway: Gateway;
  client: Client;
  home: string;
  logs: string[];
  close(): Promise<void>;
}

/**
 * An SDK Client linked in-process to a server over the core's gateway
 * fixture (DashScope = the simulator, keyed with the canary).
 */
export async function startMcpFixture(
  options: {
    file?: Record<string, unknown>;
    env?: Record<string, string>;
    simulator?: SimulatorOptions;
    server?: Omit<ServerDeps, 'gateway'>;
  } = {},
): Promise<McpFixture> {
  const fx = await startGatewayFixture({
    file: options.file,
    // Nothing listens here: Ollama answers "unreachable" at once instead of whatever runs on the machine.
    env: { OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1', ...options.env },
    simulator: options.simulator,
  });
  const logger = memoryLogger(fx.logs);
  const server = createServer({ gateway: fx.gateway, logger, ...options.server });
  const client = new Client({ name: 'aegis-test', version: '0.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    sim: fx.sim,
    gateway: fx.gateway,
    client,
    home: fx.home,
    logs: fx.logs,
    async close() {
      await client.close();
      await server.close();
      await fx.close();
    },
  };
}
