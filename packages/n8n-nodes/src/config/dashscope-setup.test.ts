import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHSCOPE_REGION_BASE_URLS, isAegisError } from '@aegis-llm/core';
import { describe, expect, it } from 'vitest';
import { buildConfig, LEGACY_DATA_DIR } from './build-config.js';
import { n8nDataDir } from './env-home.js';
import { dashscopeSetup } from './dashscope-setup.js';

const KEY = 'sk-dashscope-test-0123456789';

describe('dashscopeSetup + buildConfig', () => {
  it("uses the region's host and the key from the credential", () => {
    const config = buildConfig(dashscopeSetup({ apiKey: KEY, region: 'us' }), { dataDir: '/tmp/x' });
    expect(config.providers.dashscope).toMatchObject({
      configured: true,
      apiKey: KEY,
      region: 'us',
      baseURL: DASHSCOPE_REGION_BASE_URLS.us,
    });
  });

  it("builds a workspace-domain region's host from the Workspace ID (Frankfurt, Tokyo)", () => {
    const config = buildConfig(dashscopeSetup({ apiKey: KEY, region: 'frankfurt', workspaceId: 'ws-abc123' }), { dataDir: '/tmp/x' });
    expect(config.providers.dashscope).toMatchObject({
      configured: true,
      region: 'frankfurt',
      baseURL: 'https://ws-abc123.eu-central-1.maas.aliyuncs.com/compatible-mode/v1',
    });
    expect(() => dashscopeSetup({ apiKey: KEY, region: 'tokyo', workspaceId: '' })).toThrow(/^DashScope credential, Workspace ID: Japan \(Tokyo\)/);
  });

  it('takes a custom base URL instead of a region', () => {
    const config = buildConfig(dashscopeSetup({ apiKey: KEY, region: 'custom', baseUrl: 'http://127.0.0.1:9/v1/' }), { dataDir: '/tmp/x' });
    expect(config.providers.dashscope?.baseURL).toBe('http://127.0.0.1:9/v1');
  });

  it('sets the monthly budget and its behaviour at the limit', () => {
    const config = buildConfig(dashscopeSetup({ apiKey: KEY, monthlyBudgetUsd: 12.5, onLimit: 'fallback' }), { dataDir: '/tmp/x' });
    expect(config.budgets.dashscope).toMatchObject({ monthlyLimitMicroUsd: 12_500_000, onLimit: 'fallback' });
  });

  it('has no budget when the limit is 0', () => {
    const config = buildConfig(dashscopeSetup({ apiKey: KEY, monthlyBudgetUsd: 0 }), { dataDir: '/tmp/x' });
    expect(config.budgets).toEqual({});
  });

  it('never reads keys from the n8n process environment', () => {
    const setup = dashscopeSetup({ region: 'singapore' });
    const config = buildConfig(setup, { dataDir: '/tmp/x' });
    expect(config.providers.dashscope?.configured).toBe(false);
    expect(setup.secrets).toEqual([]);
  });

  it('picks the data directory: node, then credential, then AEGIS_LLM_HOME, then the n8n folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aegis-home-'));
    const withCredentialDir = dashscopeSetup({ apiKey: KEY, dataDir: join(dir, 'cred') });
    expect(buildConfig(withCredentialDir, { dataDir: join(dir, 'node'), envHome: join(dir, 'env') }).home).toBe(join(dir, 'node'));
    expect(buildConfig(withCredentialDir, { dataDir: '  ', envHome: join(dir, 'env') }).home).toBe(join(dir, 'cred'));
    expect(buildConfig(dashscopeSetup({ apiKey: KEY }), { envHome: join(dir, 'env') }).home).toBe(join(dir, 'env'));
    expect(LEGACY_DATA_DIR).toBe('~/.aegis-llm');
    // N8N_USER_FOLDER as n8n reads it: the ledger goes in <it>/.n8n/aegis-llm.
    const fresh = n8nDataDir({ N8N_USER_FOLDER: join(dir, 'n8n-user') });
    expect(fresh.notice).toBeUndefined();
    expect(fresh.dir).toBe(join(dir, 'n8n-user', '.n8n', 'aegis-llm'));
    expect(buildConfig(dashscopeSetup({ apiKey: KEY }), { defaultDataDir: () => fresh }).home).toBe(fresh.dir);
  });

  it('keeps an old ledger in ~/.aegis-llm in use, and says how to move it', () => {
    const warnings: string[] = [];
    const legacy = { dir: '/old/.aegis-llm', notice: 'move it' };
    expect(buildConfig(dashscopeSetup({ apiKey: KEY }), { defaultDataDir: () => legacy, warn: (m) => warnings.push(m) }).home).toBe('/old/.aegis-llm');
    expect(warnings).toEqual(['move it']);
  });

  it('takes the store from the credential, else from AEGIS_LLM_STORE, and keeps its password secret', () => {
    const url = 'redis://:hunter2-secret@127.0.0.1:6390/2';
    const fromCredential = dashscopeSetup({ apiKey: KEY, storeUrl: url });
    expect(buildConfig(fromCredential, { dataDir: '/tmp/x', envStore: 'redis://127.0.0.1:6391/0' }).store).toMatchObject({ kind: 'redis', url });
    expect(fromCredential.secrets).toContain(url);
    expect(buildConfig(dashscopeSetup({ apiKey: KEY }), { dataDir: '/tmp/x', envStore: 'redis://127.0.0.1:6391/0' }).store).toMatchObject({
      kind: 'redis',
      url: 'redis://127.0.0.1:6391/0',
    });
    expect(buildConfig(dashscopeSetup({ apiKey: KEY, storeUrl: 'embedded' }), { dataDir: '/tmp/x', envStore: 'redis://127.0.0.1:6391/0' }).store.kind).toBe(
      'embedded',
    );
    expect(buildConfig(dashscopeSetup({ apiKey: KEY }), { dataDir: '/tmp/x' }).store.kind).toBe('embedded');
  });

  it('names the credential field in a configuration error, never the key', () => {
    const setup = dashscopeSetup({ apiKey: KEY, region: 'custom', baseUrl: 'not a url' });
    let thrown: unknown;
    try {
      buildConfig(setup, { dataDir: '/tmp/x', credentialLabel: 'DashScope' });
    } catch (error) {
      thrown = error;
    }
    expect(isAegisError(thrown) && thrown.kind).toBe('invalid_config');
    expect((thrown as Error).message).toMatch(/^DashScope credential, Base URL: "not a url" is not an http\(s\) URL/);
    expect((thrown as Error).message).not.toContain(KEY);
  });
});
