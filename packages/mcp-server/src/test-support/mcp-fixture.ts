import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, parseConfig, type Gateway, type Logger } from '@aegis-llm/core';
import { startSimulator, type Simulator, type SimulatorOptions } from '@aegis-llm/simulator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createServer } from '../server/create-server.js';
import type { ServerDeps } from '../server/server-deps.js';

/** A fake key that must never show up anywhere but the Authorization header. */
export const CANARY_KEY = 'sk-canary-mcp-0123456789abcdef';

export interface McpFixture {
  sim: Simulator;
  gateway: Gateway;
  client: Client;
  home: string;
  logs: string[];
  close(): Promise<void>;
}

export function memoryLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level}: ${message} ${fields ? JSON.stringify(fields) : ''}`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * An SDK Client linked in-process to a server whose gateway's DashScope
 * provider is the simulator (keyed with the canary), ledger in a temp dir.
 */
export async function startMcpFixture(
  options: {
    file?: Record<string, unknown>;
    env?: Record<string, string>;
    simulator?: SimulatorOptions;
    server?: Omit<ServerDeps, 'gateway'>;
  } = {},
): Promise<McpFixture> {
  const sim = await startSimulator({ apiKey: CANARY_KEY, ...options.simulator });
  const home = mkdtempSync(join(tmpdir(), 'aegis-mcp-'));
  const config = parseConfig(options.file ?? {}, {
    DASHSCOPE_API_KEY: CANARY_KEY,
    DASHSCOPE_BASE_URL: sim.baseURL,
    // Nothing listens here: Ollama answers "unreachable" at once instead of whatever runs on the machine.
    OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
    AEGIS_LLM_HOME: home,
    HOME: home,
    ...options.env,
  });
  const logs: string[] = [];
  const logger = memoryLogger(logs);
  const gateway = createGateway({ config, logger });
  const server = createServer({ gateway, logger, ...options.server });
  const client = new Client({ name: 'aegis-test', version: '0.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    sim,
    gateway,
    client,
    home,
    logs,
    async close() {
      await client.close();
      await server.close();
      await gateway.close();
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
