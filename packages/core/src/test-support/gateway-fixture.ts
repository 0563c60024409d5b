import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '@aegis-llm/simulator';
import { parseConfig } from '../config/parse-config.js';
import type { AegisConfig } from '../config/types.js';
import { createGateway, type GatewayOptions } from '../gateway/create-gateway.js';
import type { Gateway } from '../gateway/gateway.js';
import type { Logger } from '../log/logger.js';

/** A fake key that must never show up anywhere but the Authorization header. */
export const CANARY_KEY = 'sk-canary-0123456789abcdef0123';

export interface GatewayFixture {
  sim: Simulator;
  gateway: Gateway;
  config: AegisConfig;
  home: string;
  logs: string[];
  close(): Promise<void>;
}

/** A logger that keeps every line, so tests can look for leaks. */
export function memoryLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level}: ${message} ${fields ? JSON.stringify(fields) : ''}`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * A gateway whose DashScope provider is the simulator (keyed with the canary),
 * with a ledger in a fresh temp dir. `file` is the config file's content.
 */
export async function startGatewayFixture(
  options: {
    file?: Record<string, unknown>;
    env?: Record<string, string>;
    simulator?: SimulatorOptions;
    gateway?: Omit<GatewayOptions, 'config'>;
  } = {},
): Promise<GatewayFixture> {
  const sim = await startSimulator({ apiKey: CANARY_KEY, ...options.simulator });
  const home = mkdtempSync(join(tmpdir(), 'aegis-gw-'));
  const config = parseConfig(options.file ?? {}, {
    DASHSCOPE_API_KEY: CANARY_KEY,
    DASHSCOPE_BASE_URL: sim.baseURL,
    AEGIS_LLM_HOME: home,
    HOME: home,
    ...options.env,
  });
  const logs: string[] = [];
  const gateway = createGateway({ config, logger: memoryLogger(logs), ...options.gateway });
  return {
    sim,
    gateway,
    config,
    home,
    logs,
    async close() {
      await gateway.close();
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
