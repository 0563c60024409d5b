import { readFileSync } from 'node:fs';
import { DASHSCOPE_REGIONS, DEFAULT_DASHSCOPE_REGION, type ConfigFile } from '@aegis-llm/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { SIM_KEY, startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { ProvidersResponse, ProviderTestView, ProviderView } from './api-types.js';

const FILE_KEY = 'openai-inline-key-abcdef0123456789';
const HEADER_SECRET = 'Bearer header-secret-0123456789abcdef';

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  fx = await startAdminFixture({
    file: { providers: { openai: { apiKey: FILE_KEY, headers: { 'X-Org': HEADER_SECRET } } } },
  });
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());

const file = () => JSON.parse(readFileSync(fx.configFile, 'utf8')) as ConfigFile;
const find = (view: ProvidersResponse, id: string): ProviderView => {
  const provider = view.providers.find((p) => p.id === id);
  if (provider === undefined) throw new Error(`no provider ${id}`);
  return provider;
};

describe('GET /providers', () => {
  test('lists every provider with its state, where its key comes from, and the environment overrides', async () => {
    const { status, body, text } = await client.request<ProvidersResponse>('GET', '/providers');
    expect(status).toBe(200);
    expect(body.providers.map((p) => p.id)).toEqual(['dashscope', 'openai', 'ollama', 'anyllm']);
    expect(find(body, 'dashscope')).toMatchObject({
      configured: true,
      file: { key: { inFile: 'none', effective: true } },
      envOverrides: [
        { field: 'key', variable: 'DASHSCOPE_API_KEY' },
        { field: 'baseURL', variable: 'DASHSCOPE_BASE_URL' },
      ],
    });
    expect(find(body, 'openai')).toMatchObject({ configured: true, file: { key: { inFile: 'inline' }, headerNames: ['X-Org'] } });
    expect(find(body, 'anyllm')).toMatchObject({ configured: false, notConfiguredHint: expect.stringContaining('ANYLLM_BASE_URL') });
    expect(find(body, 'ollama').keyless).toBe(true);
    expect(body.regions).toContain('beijing');
    for (const secret of [SIM_KEY, FILE_KEY, HEADER_SECRET, 'header-secret']) expect(text).not.toContain(secret);
  });

  test("says what each kind is, from the core's kinds: label, key need, regions, base URL wording", async () => {
    const { body } = await client.request<ProvidersResponse>('GET', '/providers');
    expect(find(body, 'dashscope').kindInfo).toMatchObject({
      label: 'DashScope',
      keyNeed: 'needs',
      regions: [...DASHSCOPE_REGIONS],
      defaultRegion: DEFAULT_DASHSCOPE_REGION,
    });
    expect(find(body, 'openai').kindInfo).toMatchObject({ label: 'OpenAI', keyNeed: 'needs', baseURLHint: 'Default https://api.openai.com/v1.' });
    expect(find(body, 'openai').kindInfo.regions).toBeUndefined();
    // AnyLLM takes a key if it has one; only Ollama takes none.
    expect(find(body, 'anyllm')).toMatchObject({ keyless: false, kindInfo: { label: 'AnyLLM', keyNeed: 'optional' } });
    expect(find(body, 'ollama')).toMatchObject({ keyless: true, kindInfo: { keyNeed: 'none' } });
    expect(body.endpointKind).toEqual(find(body, 'anyllm').kindInfo);
  });
});

describe('PUT /providers/:id', () => {
  test('edits fields and keeps the key and header values the patch does not replace', async () => {
    const { status, body } = await client.request<ProvidersResponse>('PUT', '/providers/openai', {
      defaultModel: 'gpt-4.1-mini',
      baseURL: 'https://proxy.example.com/v1',
      headers: [{ name: 'X-Org' }, { name: 'X-Title', value: 'aegis' }],
    });
    expect(status).toBe(200);
    expect(find(body, 'openai')).toMatchObject({ defaultModel: 'gpt-4.1-mini', baseURL: 'https://proxy.example.com/v1' });
    expect(file().providers?.openai).toEqual({
      apiKey: FILE_KEY,
      headers: { 'X-Org': HEADER_SECRET, 'X-Title': 'aegis' },
      defaultModel: 'gpt-4.1-mini',
      baseURL: 'https://proxy.example.com/v1',
    });
    expect(fx.gateway.config.providers.openai?.defaultModel).toBe('gpt-4.1-mini');
  });

  test('a key can be replaced, pointed at a variable or removed, and is never sent back', async () => {
    const replaced = await client.request<ProvidersResponse>('PUT', '/providers/openai', { key: { set: 'openai-new-key-9876543210' } });
    expect(replaced.status).toBe(200);
    expect(replaced.text).not.toContain('openai-new-key');
    expect(find(replaced.body, 'openai').file.key).toEqual({ inFile: 'inline', effective: true });
    expect(file().providers?.openai?.apiKey).toBe('openai-new-key-9876543210');
    expect(fx.gateway.config.providers.openai?.apiKey).toBe('openai-new-key-9876543210');

    const viaEnv = await client.request<ProvidersResponse>('PUT', '/providers/openai', { key: { env: 'MY_OPENAI_KEY' } });
    expect(find(viaEnv.body, 'openai')).toMatchObject({ configured: false, file: { key: { inFile: 'env-ref', envName: 'MY_OPENAI_KEY', effective: false } } });
    expect(file().providers?.openai?.apiKey).toBeUndefined();

    const removed = await client.request<ProvidersResponse>('PUT', '/providers/openai', { key: { remove: true } });
    expect(find(removed.body, 'openai').file.key.inFile).toBe('none');
    expect(file().providers?.openai).not.toHaveProperty('apiKeyEnv');
  });

  test('a wrong value is refused (422) with the core’s sentence and the form field; the file is unchanged', async () => {
    const before = readFileSync(fx.configFile, 'utf8');
    const region = await client.request('PUT', '/providers/dashscope', { region: 'mars' });
    expect(region.status).toBe(422);
    expect(region.body).toEqual({
      error: {
        kind: 'invalid_config',
        message: '"mars" is not a region. Use one of: singapore, us, beijing, hongkong, frankfurt, tokyo.',
        path: 'providers.dashscope.region',
        field: 'region',
        problems: [
          {
            path: 'providers.dashscope.region',
            field: 'region',
            message: '"mars" is not a region. Use one of: singapore, us, beijing, hongkong, frankfurt, tokyo.',
          },
        ],
      },
    });
    const url = await client.request('PUT', '/providers/ollama', { baseURL: 'http://127.0.0.1:11434/v1/chat/completions' });
    expect(url.body).toMatchObject({ error: { field: 'baseURL', message: expect.stringContaining('ends with /chat/completions') } });
    const envName = await client.request('PUT', '/providers/openai', { key: { env: 'not a var' } });
    expect(envName.body).toMatchObject({ error: { field: 'key', message: expect.stringContaining('is not an environment variable name') } });
    const header = await client.request('PUT', '/providers/openai', { headers: [{ name: 'Bad Header', value: 'x' }] });
    // The core words record-key problems vaguely ("the value is not valid here."): the field is still right.
    expect(header.body).toMatchObject({ error: { kind: 'invalid_config', field: 'headers', path: expect.stringMatching(/^providers\.openai\.headers/) } });
    const noValue = await client.request('PUT', '/providers/openai', { headers: [{ name: 'X-New' }] });
    expect(noValue.body).toMatchObject({ error: { field: 'headers' } });
    expect(readFileSync(fx.configFile, 'utf8')).toBe(before);
  });

  test('Ollama takes no key; an unknown provider is a 404', async () => {
    expect((await client.request('PUT', '/providers/ollama', { key: { set: 'x' } })).status).toBe(400);
    expect((await client.request('PUT', '/providers/nope', {})).status).toBe(404);
  });

  test('credentials inside a base URL are not shown, and survive a save of the unchanged URL', async () => {
    await client.request('PUT', '/providers/anyllm', { baseURL: 'https://user:url-password-123@llm.example.com/v1?api-key=url-key-456&x=1' });
    const view = await client.request<ProvidersResponse>('GET', '/providers');
    const anyllm = find(view.body, 'anyllm');
    expect(anyllm.file).toMatchObject({ baseURL: 'https://llm.example.com/v1?x=1', baseURLHasHiddenParts: true });
    expect(view.text).not.toContain('url-password-123');
    expect(view.text).not.toContain('url-key-456');
    await client.request('PUT', '/providers/anyllm', { baseURL: anyllm.file.baseURL, defaultModel: 'm' });
    expect(file().providers?.anyllm?.baseURL).toBe('https://user:url-password-123@llm.example.com/v1?api-key=url-key-456&x=1');
    await client.request('PUT', '/providers/anyllm', { baseURL: '' });
    expect(file().providers?.anyllm).toEqual({ defaultModel: 'm' });
  });
});

describe('extra endpoints and connection tests', () => {
  test('adds an AnyLLM endpoint, tests it (verdict and latency), and removes it', async () => {
    const added = await client.request<ProvidersResponse>('POST', '/endpoints', {
      name: 'sim-any',
      baseURL: fx.sim.baseURL,
      defaultModel: 'qwen-turbo',
      key: { set: SIM_KEY },
    });
    expect(added.status).toBe(201);
    expect(find(added.body, 'sim-any')).toMatchObject({ builtin: false, kind: 'anyllm', configured: true });
    expect(added.text).not.toContain(SIM_KEY);
    expect(file().endpoints).toEqual([{ name: 'sim-any', baseURL: fx.sim.baseURL, defaultModel: 'qwen-turbo', apiKey: SIM_KEY }]);

    const tested = await client.request<ProviderTestView>('POST', '/providers/sim-any/test');
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ provider: 'sim-any', verdict: 'ok', reachable: true, modelAnswered: true, model: 'qwen-turbo' });
    expect(tested.body.latencyMs).toBeGreaterThanOrEqual(0);
    const listed = await client.request<ProvidersResponse>('GET', '/providers');
    expect(find(listed.body, 'sim-any').lastTest?.verdict).toBe('ok');
    // A save of its settings drops the test of the old ones (no stale "ok" beside a new URL).
    expect((await client.request('PUT', '/providers/sim-any', { defaultModel: 'qwen-plus' })).status).toBe(200);
    expect(find((await client.request<ProvidersResponse>('GET', '/providers')).body, 'sim-any').lastTest).toBeUndefined();

    const duplicate = await client.request('POST', '/endpoints', { name: 'sim-any', baseURL: fx.sim.baseURL });
    expect(duplicate.body).toMatchObject({ error: { kind: 'conflict', field: 'name' } });
    const removed = await client.request<ProvidersResponse>('DELETE', '/providers/sim-any');
    expect(removed.body.providers.map((p) => p.id)).not.toContain('sim-any');
    expect(file()).not.toHaveProperty('endpoints');
  });

  test('a bad endpoint is refused beside the right field', async () => {
    const name = await client.request('POST', '/endpoints', { name: 'Bad Name', baseURL: fx.sim.baseURL });
    expect(name.body).toMatchObject({ error: { field: 'name', message: expect.stringContaining('is not a valid endpoint name') } });
    const builtin = await client.request('POST', '/endpoints', { name: 'openai', baseURL: fx.sim.baseURL });
    expect(builtin.body).toMatchObject({ error: { kind: 'conflict', field: 'name' } });
    const noUrl = await client.request('POST', '/endpoints', { name: 'no-url' });
    expect(noUrl.body).toMatchObject({ error: { field: 'baseURL', message: expect.stringContaining('is missing') } });
  });

  test('a refused key shows as a failed test with a hint, never the key', async () => {
    await client.request('POST', '/endpoints', {
      name: 'wrong-key',
      baseURL: fx.sim.baseURL,
      defaultModel: 'qwen-turbo',
      key: { set: 'wrong-key-0123456789' },
    });
    const tested = await client.request<ProviderTestView>('POST', '/providers/wrong-key/test');
    expect(tested.body).toMatchObject({ verdict: 'failed', keyAccepted: false });
    expect(tested.text).not.toContain('wrong-key-0123456789');
    expect(tested.text).not.toContain(SIM_KEY);
    await client.request('DELETE', '/providers/wrong-key');
  });

  test('built-in providers cannot be removed', async () => {
    expect((await client.request('DELETE', '/providers/dashscope')).status).toBe(400);
  });
});
