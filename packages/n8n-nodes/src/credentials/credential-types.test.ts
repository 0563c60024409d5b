import { runInNewContext } from 'node:vm';
import { DASHSCOPE_REGION_BASE_URLS } from '@aegis-llm/core';
import { startSimulator } from '@aegis-llm/simulator';
import { describe, expect, it } from 'vitest';
import { AegisAnyLlmApi } from '../../credentials/AegisAnyLlmApi.credentials.js';
import { DashScopeAegisApi } from '../../credentials/DashScopeAegisApi.credentials.js';

/** Evaluates an n8n `={{ ... }}` expression the way n8n does: as JavaScript with `$credentials` in scope. */
function evaluate(expression: unknown, credentials: Record<string, unknown>): unknown {
  const match = /^=\{\{([\s\S]*)\}\}$/.exec(String(expression));
  if (!match) throw new Error(`not an expression: ${String(expression)}`);
  return runInNewContext(match[1] ?? '', { $credentials: credentials, String });
}

describe('DashScope credential', () => {
  const credential = new DashScopeAegisApi();

  it("does not collide with n8n's own Qwen credential", () => {
    expect(credential.name).toBe('aegisDashScopeApi');
    expect(credential.name).not.toBe('alibabaCloudApi');
  });

  it('keeps the key in a password field', () => {
    const apiKey = credential.properties.find((p) => p.name === 'apiKey');
    expect(apiKey?.typeOptions?.password).toBe(true);
  });

  it("offers the core's regions (Hong Kong included) and a custom base URL", () => {
    const region = credential.properties.find((p) => p.name === 'region');
    expect(region?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual([
      'singapore',
      'us',
      'beijing',
      'hongkong',
      'frankfurt',
      'tokyo',
      'custom',
    ]);
    expect(region?.options?.map((o) => o.name)).toContain('Germany (Frankfurt)');
  });

  it('asks for the Workspace ID only where the region is served from workspace domains', () => {
    const workspace = credential.properties.find((p) => p.name === 'workspaceId');
    expect(workspace?.displayOptions?.show?.region).toEqual(['frankfurt', 'tokyo']);
    const baseURL = credential.test.request.baseURL;
    expect(evaluate(baseURL, { region: 'frankfurt', workspaceId: ' WS-Abc123 ' })).toBe('https://ws-abc123.eu-central-1.maas.aliyuncs.com/compatible-mode/v1');
    expect(evaluate(baseURL, { region: 'tokyo', workspaceId: 'ws-1' })).toBe('https://ws-1.ap-northeast-1.maas.aliyuncs.com/compatible-mode/v1');
  });

  it("tests the connection against the region's host, or the custom base URL", () => {
    const baseURL = credential.test.request.baseURL;
    expect(evaluate(baseURL, { region: 'singapore' })).toBe(DASHSCOPE_REGION_BASE_URLS.singapore);
    expect(evaluate(baseURL, { region: 'us' })).toBe(DASHSCOPE_REGION_BASE_URLS.us);
    expect(evaluate(baseURL, { region: 'hongkong' })).toBe(DASHSCOPE_REGION_BASE_URLS.hongkong);
    expect(evaluate(baseURL, { region: 'beijing' })).toBe(DASHSCOPE_REGION_BASE_URLS.beijing);
    expect(evaluate(baseURL, { region: 'custom', baseUrl: 'http://127.0.0.1:9/v1/' })).toBe('http://127.0.0.1:9/v1');
    expect(credential.test.request.url).toBe('/models');
  });

  it('says a 401 is most likely a region mismatch', () => {
    const rule = credential.test.rules?.find((r) => r.type === 'responseCode' && r.properties.value === 401);
    expect(rule?.properties.message).toMatch(/bound to a region/);
    expect(rule?.properties.message).toMatch(/Region/);
    expect(rule?.properties.message).not.toMatch(/DASHSCOPE_REGION/);
  });

  it('sends the key as a bearer token', async () => {
    const key = 'sk-cred-test-0123456789';
    const sim = await startSimulator({ apiKey: key });
    try {
      const header = credential.authenticate.properties.headers?.Authorization;
      expect(header).toBe('=Bearer {{$credentials.apiKey}}');
      // What the test request gets from the simulator with the right and a wrong key (a key from another region).
      const url = `${String(evaluate(credential.test.request.baseURL, { region: 'custom', baseUrl: sim.baseURL }))}/models`;
      expect((await fetch(url, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(200);
      expect((await fetch(url, { headers: { Authorization: 'Bearer sk-other-region-000000' } })).status).toBe(401);
    } finally {
      await sim.close();
    }
  });
});

describe('AnyLLM credential', () => {
  const credential = new AegisAnyLlmApi();

  it('has an optional key in a password field and a required base URL', () => {
    const apiKey = credential.properties.find((p) => p.name === 'apiKey');
    const baseUrl = credential.properties.find((p) => p.name === 'baseUrl');
    expect(apiKey?.typeOptions?.password).toBe(true);
    expect(apiKey?.required).toBeFalsy();
    expect(baseUrl?.required).toBe(true);
  });

  it('tests the connection with GET /models on the base URL', () => {
    expect(evaluate(credential.test.request.baseURL, { baseUrl: 'http://127.0.0.1:8000/v1/' })).toBe('http://127.0.0.1:8000/v1');
    expect(credential.test.request.url).toBe('/models');
  });

  it('sends no bearer token when there is no key (local servers)', () => {
    const header = credential.authenticate.properties.headers?.Authorization;
    expect(evaluate(header, { apiKey: '' })).toBeUndefined();
    expect(evaluate(header, { apiKey: 'k-123456' })).toBe('Bearer k-123456');
  });
});
