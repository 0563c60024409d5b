/**
 * A real admin server for tests: the simulator as DashScope's upstream, a
 * gateway with its ledger in a temp dir, an express app with mountAdmin,
 * listening on 127.0.0.1. reconfigure reloads file + environment, as the
 * serve command does.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, loadConfig, parseConfig, type AegisConfig, type Gateway, type GatewayOptions } from '@aegis-llm/core';
import { startSimulator, type Simulator, type SimulatorOptions } from '@aegis-llm/simulator';
import express from 'express';
import { mountAdmin, type AdminDeps } from '../mount-admin.js';

/** The simulator's key: must never appear in any admin response. */
export const SIM_KEY = 'adm1n-canary-key-0123456789abcdef';

export interface AdminFixture {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  sim: Simulator;
  gateway: Gateway;
  configFile: string;
  home: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface AdminFixtureOptions {
  /** The config file's content at start; omitted: no file. */
  file?: Record<string, unknown>;
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  admin?: Partial<AdminDeps>;
  /** More gateway options (a clock, say). */
  gateway?: Omit<GatewayOptions, 'config' | 'logger'>;
}

const silent = { info() {}, warn() {}, error() {} };

export async function startAdminFixture(options: AdminFixtureOptions = {}): Promise<AdminFixture> {
  const sim = await startSimulator({ apiKey: SIM_KEY, ...options.simulator });
  const home = mkdtempSync(join(tmpdir(), 'aegis-admin-'));
  const configFile = join(home, 'aegis-llm.config.json');
  if (options.file !== undefined) writeFileSync(configFile, `${JSON.stringify(options.file, null, 2)}\n`, { mode: 0o644 });
  const env: Record<string, string> = {
    DASHSCOPE_API_KEY: SIM_KEY,
    DASHSCOPE_BASE_URL: sim.baseURL,
    AEGIS_LLM_HOME: join(home, 'data'),
    HOME: home,
    ...options.env,
  };
  const load = (): AegisConfig =>
    existsSync(configFile) ? loadConfig({ file: configFile, env, cwd: home, homeDir: home }) : parseConfig(undefined, env, { cwd: home, homeDir: home });
  const gateway = createGateway({ config: load(), logger: silent, ...options.gateway });
  const token = `test-token-${Math.random().toString(36).slice(2)}-${Date.now()}`;

  const app = express();
  const watch = mountAdmin(app, {
    gateway,
    token,
    configFile,
    env,
    paths: { cwd: home, homeDir: home },
    reconfigure: async (config) => gateway.reconfigure(config),
    ...options.admin,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    token,
    sim,
    gateway,
    configFile,
    home,
    env,
    async close() {
      watch?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
