/**
 * One admin save reads the config file once and parses it once (issue 23,
 * item 6): the version check is on the read the change is applied to, the
 * answer's view is built from what was written, and the gateway is handed
 * the configuration that was validated (nothing loads it again).
 */
import { readFile } from 'node:fs/promises';
import * as core from '@aegis-llm/core';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { ApiError, BudgetsResponse, ConfigStatusResponse } from './api-types.js';
import { CONFIG_VERSION_HEADER } from './config-routes.js';

// The real core, its two ways into a configuration counted.
const counted = vi.hoisted(() => ({ parseConfig: 0, loadConfig: 0 }));
vi.mock('@aegis-llm/core', async (importOriginal) => {
  const real = await importOriginal<typeof core>();
  return {
    ...real,
    parseConfig: (...args: Parameters<typeof real.parseConfig>) => {
      counted.parseConfig += 1;
      return real.parseConfig(...args);
    },
    loadConfig: (...args: Parameters<typeof real.loadConfig>) => {
      counted.loadConfig += 1;
      return real.loadConfig(...args);
    },
  };
});

let fx: AdminFixture;
let client: AdminClient;
let reads = 0;
let reconfigured: core.AegisConfig[] = [];
beforeAll(async () => {
  fx = await startAdminFixture({
    file: { routing: { maxRetries: 0 } },
    admin: {
      // Off: the watcher's own read after a write would race with the count.
      watchConfigFile: false,
      readConfigText: async (file) => {
        reads += 1;
        return readFile(file, 'utf8');
      },
      reconfigure: async (config) => {
        reconfigured.push(config);
        fx.gateway.reconfigure(config);
      },
    },
  });
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());
beforeEach(() => {
  reads = 0;
  reconfigured = [];
  counted.parseConfig = 0;
  counted.loadConfig = 0;
});

const version = async () => (await client.request<ConfigStatusResponse>('GET', '/config/status')).body.version;

describe('an admin save', () => {
  test('a budget save with the page’s version: one read, one parse, and the answer shows what was written', async () => {
    const seen = await version();
    reads = 0;
    const saved = await client.request<BudgetsResponse>(
      'PUT',
      '/budgets/dashscope',
      { monthlyUsd: '12.5', onLimit: 'block', alertThresholds: ['50', '100'], models: [] },
      { headers: { [CONFIG_VERSION_HEADER]: seen } },
    );
    expect(saved.status, saved.text).toBe(200);
    expect(reads).toBe(1);
    expect(counted.parseConfig).toBe(1);
    expect(counted.loadConfig).toBe(0);
    expect(reconfigured).toHaveLength(1);
    expect(reconfigured[0]?.budgets.dashscope?.monthlyLimitMicroUsd).toBe(12_500_000);
    expect(JSON.stringify(saved.body)).toContain('12.5');
    expect(fx.gateway.config.budgets.dashscope?.monthlyLimitMicroUsd).toBe(12_500_000);
  });

  test('a routes-only save: one read, one parse', async () => {
    const seen = await version();
    reads = 0;
    const saved = await client.request('PUT', '/routing/summarize', { chain: ['dashscope/qwen-flash'] }, { headers: { [CONFIG_VERSION_HEADER]: seen } });
    expect(saved.status, saved.text).toBe(200);
    expect([reads, counted.parseConfig, counted.loadConfig]).toEqual([1, 1, 0]);
    expect(fx.gateway.config.routes.summarize).toEqual(['dashscope/qwen-flash']);
  });

  test('a stale version is refused on that same one read: nothing parsed, written or applied', async () => {
    const before = await readFile(fx.configFile, 'utf8');
    reads = 0;
    const refused = await client.request<ApiError>(
      'PUT',
      '/routing/summarize',
      { chain: ['dashscope/qwen-plus'] },
      { headers: { [CONFIG_VERSION_HEADER]: 'not-the-version' } },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.kind).toBe('config_changed');
    expect([reads, counted.parseConfig, reconfigured.length]).toEqual([1, 0, 0]);
    expect(await readFile(fx.configFile, 'utf8')).toBe(before);
  });
});
