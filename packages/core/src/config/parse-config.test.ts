import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHSCOPE_REGION_BASE_URLS } from '../kinds/dashscope/dashscope-regions.js';
import { DEFAULT_ROUTING } from './default-routing.js';
import { parseConfig, type ConfigMeta } from './parse-config.js';

const HOME = '/home/tester';
const CWD = '/work/project';
const meta: ConfigMeta = { cwd: CWD, homeDir: HOME };
const fileMeta: ConfigMeta = { ...meta, file: path.join(CWD, 'aegis-llm.config.json') };
const fromEnv = (env: NodeJS.ProcessEnv) => parseConfig(undefined, env, meta);
const fromFile = (raw: unknown, env: NodeJS.ProcessEnv = {}) => parseConfig(raw, env, fileMeta);

describe('parseConfig: defaults', () => {
  it('works with no file and an empty environment', () => {
    const config = fromEnv({});
    expect(config.home).toBe(path.join(HOME, '.aegis-llm'));
    expect(config.configFile).toBeUndefined();
    expect(Object.keys(config.providers)).toEqual(['dashscope', 'openai', 'ollama', 'anyllm']);
    expect(config.providers.dashscope).toEqual({
      id: 'dashscope',
      kind: 'dashscope',
      baseURL: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
      headers: {},
      defaultModel: 'qwen-plus',
      region: 'singapore',
      configured: false,
      notConfiguredHint: 'Set DASHSCOPE_API_KEY (or ALIBABA_CLOUD_API_KEY), or providers.dashscope.apiKey in the config file.',
    });
    expect(config.providers.openai).toMatchObject({
      baseURL: 'https://api.openai.com/v1',
      configured: false,
      notConfiguredHint: 'Set OPENAI_API_KEY, or providers.openai.apiKey in the config file.',
    });
    expect(config.providers.ollama).toEqual({
      id: 'ollama',
      kind: 'ollama',
      baseURL: 'http://127.0.0.1:11434/v1',
      headers: {},
      configured: true,
    });
    expect(config.providers.anyllm).toMatchObject({ configured: false, baseURL: '' });
    expect(config.providers.anyllm?.notConfiguredHint).toContain('ANYLLM_BASE_URL');
    expect(config.routing).toEqual(DEFAULT_ROUTING);
    expect(config).toMatchObject({ models: [], routes: {}, budgets: {}, alerts: {}, timeZone: 'UTC', currency: { cnyPerUsd: 7.2 } });
  });
});

describe('parseConfig: environment', () => {
  it('reads the DashScope key, with ALIBABA_CLOUD_API_KEY as an alias', () => {
    expect(fromEnv({ DASHSCOPE_API_KEY: 'k1' }).providers.dashscope).toMatchObject({ apiKey: 'k1', configured: true });
    expect(fromEnv({ DASHSCOPE_API_KEY: 'k1' }).providers.dashscope?.notConfiguredHint).toBeUndefined();
    expect(fromEnv({ ALIBABA_CLOUD_API_KEY: 'k2' }).providers.dashscope?.apiKey).toBe('k2');
    expect(fromEnv({ DASHSCOPE_API_KEY: 'k1', ALIBABA_CLOUD_API_KEY: 'k2' }).providers.dashscope?.apiKey).toBe('k1');
  });

  it.each([
    ['singapore', DASHSCOPE_REGION_BASE_URLS.singapore],
    ['us', 'https://dashscope-us.aliyuncs.com/compatible-mode/v1'],
    ['beijing', 'https://dashscope.aliyuncs.com/compatible-mode/v1'],
    ['hongkong', 'https://cn-hongkong.dashscope.aliyuncs.com/compatible-mode/v1'],
    [' Beijing ', 'https://dashscope.aliyuncs.com/compatible-mode/v1'],
  ])('DASHSCOPE_REGION=%j picks that region host', (region, host) => {
    const dashscope = fromEnv({ DASHSCOPE_REGION: region }).providers.dashscope;
    expect(dashscope?.baseURL).toBe(host);
    expect(dashscope?.region).toBe(region.trim().toLowerCase());
  });

  it('DASHSCOPE_BASE_URL replaces the region host', () => {
    const config = fromEnv({ DASHSCOPE_REGION: 'beijing', DASHSCOPE_BASE_URL: 'https://proxy.example.com/ds/v1/' });
    expect(config.providers.dashscope).toMatchObject({ baseURL: 'https://proxy.example.com/ds/v1', region: 'beijing' });
  });

  it('reads OpenAI key and base URL', () => {
    const openai = fromEnv({ OPENAI_API_KEY: 'ok', OPENAI_BASE_URL: 'https://gw.example.com/v1' }).providers.openai;
    expect(openai).toMatchObject({ apiKey: 'ok', baseURL: 'https://gw.example.com/v1', configured: true });
  });

  it.each([
    ['http://gpu-box:11434/v1', 'http://gpu-box:11434/v1'],
    ['http://localhost:11434', 'http://localhost:11434/v1'],
    ['http://localhost:11434/', 'http://localhost:11434/v1'],
    ['https://proxy.example.com/ollama/v1/', 'https://proxy.example.com/ollama/v1'],
  ])('OLLAMA_BASE_URL=%s -> %s', (url, expected) => {
    expect(fromEnv({ OLLAMA_BASE_URL: url }).providers.ollama).toMatchObject({ baseURL: expected, configured: true });
  });

  it('AnyLLM is configured by a base URL alone; key and model are optional', () => {
    expect(fromEnv({ ANYLLM_BASE_URL: 'http://127.0.0.1:8000/v1' }).providers.anyllm).toEqual({
      id: 'anyllm',
      kind: 'anyllm',
      baseURL: 'http://127.0.0.1:8000/v1',
      headers: {},
      configured: true,
    });
    expect(fromEnv({ ANYLLM_BASE_URL: 'https://llm.example.com/v1', ANYLLM_API_KEY: 'ak', ANYLLM_MODEL: 'mixtral' }).providers.anyllm).toMatchObject({
      apiKey: 'ak',
      defaultModel: 'mixtral',
      configured: true,
    });
    expect(fromEnv({ ANYLLM_API_KEY: 'ak' }).providers.anyllm?.configured).toBe(false);
  });

  it('AEGIS_LLM_HOME expands ~ and resolves relative paths from the working directory', () => {
    expect(fromEnv({ AEGIS_LLM_HOME: '~/data/aegis' }).home).toBe(path.join(HOME, 'data/aegis'));
    expect(fromEnv({ AEGIS_LLM_HOME: '~' }).home).toBe(HOME);
    expect(fromEnv({ AEGIS_LLM_HOME: '.aegis' }).home).toBe(path.join(CWD, '.aegis'));
    expect(fromEnv({ AEGIS_LLM_HOME: '/var/lib/aegis' }).home).toBe('/var/lib/aegis');
  });

  it('reads monthly budgets in USD as exact micro-USD', () => {
    const config = fromEnv({ MONTHLY_BUDGET_ALIBABA_CLOUD: '12.50', MONTHLY_BUDGET_OPENAI: '0.1', MONTHLY_BUDGET_ANYLLM: '3' });
    expect(config.budgets).toEqual({
      dashscope: { monthlyLimitMicroUsd: 12_500_000, onLimit: 'block', alertThresholds: [50, 80, 100], models: {} },
      openai: { monthlyLimitMicroUsd: 100_000, onLimit: 'block', alertThresholds: [50, 80, 100], models: {} },
      anyllm: { monthlyLimitMicroUsd: 3_000_000, onLimit: 'block', alertThresholds: [50, 80, 100], models: {} },
    });
    expect(fromEnv({ MONTHLY_BUDGET_DASHSCOPE: '7' }).budgets.dashscope?.monthlyLimitMicroUsd).toBe(7_000_000);
    expect(fromEnv({ MONTHLY_BUDGET_ALIBABA_CLOUD: '1', MONTHLY_BUDGET_DASHSCOPE: '2' }).budgets.dashscope?.monthlyLimitMicroUsd).toBe(1_000_000);
  });

  it('reads the alert webhook', () => {
    expect(fromEnv({ AEGIS_LLM_ALERT_WEBHOOK: 'https://hooks.example.com/a' }).alerts).toEqual({
      webhookUrl: 'https://hooks.example.com/a',
    });
  });

  it('treats empty and blank variables as unset', () => {
    const config = fromEnv({ OPENAI_API_KEY: '', DASHSCOPE_API_KEY: '  ', DASHSCOPE_REGION: '', MONTHLY_BUDGET_OPENAI: '' });
    expect(config.providers.openai?.configured).toBe(false);
    expect(config.providers.dashscope?.configured).toBe(false);
    expect(config.providers.dashscope?.region).toBe('singapore');
    expect(config.budgets).toEqual({});
  });
});

describe('parseConfig: the file, and the environment over it', () => {
  it('resolves every section of a full file', () => {
    const config = fromFile({
      $schema: './schema.json',
      home: 'data',
      providers: {
        dashscope: { apiKey: 'file-ds', region: 'us', defaultModel: 'qwen-max', headers: { 'X-Trace': '1' } },
        openai: { apiKey: 'file-oa', defaultModel: 'gpt-4.1-mini' },
        ollama: { baseURL: 'http://gpu:11434', defaultModel: 'qwen2.5:0.5b' },
        anyllm: { baseURL: 'http://127.0.0.1:8000/v1', defaultModel: 'local' },
      },
      endpoints: [{ name: 'groq', baseURL: 'https://api.groq.com/openai/v1', apiKey: 'gk', headers: { 'X-Title': 'aegis' } }],
      models: [
        { provider: 'dashscope', model: 'qwen-max', pricing: { tiers: [{ input: 1, output: 2 }] } },
        { provider: 'groq', model: 'llama-3.1-8b-instant', contextWindow: 131072 },
      ],
      routes: { chat: ['dashscope/qwen-plus', 'ollama/qwen2.5:0.5b'], code: ['groq/llama-3.1-8b-instant'] },
      routing: { maxRetries: 0, cooldown: { failures: 5 }, fallbackOnContentFilter: true },
      budgets: {
        dashscope: { monthlyUsd: '0.1', onLimit: 'fallback', alertThresholds: [90, 50, 50], models: { 'qwen-max': 20 } },
        groq: { monthlyUsd: 5 },
      },
      alerts: { webhookUrl: 'https://hooks.example.com/x' },
      timeZone: 'Asia/Shanghai',
      currency: { cnyPerUsd: 7.1 },
    });
    expect(config.configFile).toBe(path.join(CWD, 'aegis-llm.config.json'));
    expect(config.home).toBe(path.join(CWD, 'data'));
    expect(config.providers.dashscope).toMatchObject({
      apiKey: 'file-ds',
      region: 'us',
      baseURL: DASHSCOPE_REGION_BASE_URLS.us,
      defaultModel: 'qwen-max',
      headers: { 'X-Trace': '1' },
      configured: true,
    });
    expect(config.providers.openai).toMatchObject({ apiKey: 'file-oa', defaultModel: 'gpt-4.1-mini', configured: true });
    expect(config.providers.ollama).toMatchObject({ baseURL: 'http://gpu:11434/v1', defaultModel: 'qwen2.5:0.5b' });
    expect(config.providers.anyllm).toMatchObject({ configured: true, defaultModel: 'local' });
    expect(config.providers.groq).toEqual({
      id: 'groq',
      kind: 'anyllm',
      baseURL: 'https://api.groq.com/openai/v1',
      apiKey: 'gk',
      headers: { 'X-Title': 'aegis' },
      configured: true,
    });
    expect(config.models).toEqual([
      {
        provider: 'dashscope',
        model: 'qwen-max',
        pricing: {
          currency: 'USD',
          tiers: [{ input: 1, output: 2 }],
          source: 'config file ./aegis-llm.config.json',
          asOf: 'unspecified',
        },
      },
      { provider: 'groq', model: 'llama-3.1-8b-instant', contextWindow: 131072 },
    ]);
    expect(config.routes).toEqual({ chat: ['dashscope/qwen-plus', 'ollama/qwen2.5:0.5b'], code: ['groq/llama-3.1-8b-instant'] });
    expect(config.routing).toEqual({
      ...DEFAULT_ROUTING,
      maxRetries: 0,
      fallbackOnContentFilter: true,
      cooldown: { ...DEFAULT_ROUTING.cooldown, failures: 5 },
    });
    expect(config.budgets).toEqual({
      dashscope: { monthlyLimitMicroUsd: 100_000, onLimit: 'fallback', alertThresholds: [50, 90], models: { 'qwen-max': 20_000_000 } },
      groq: { monthlyLimitMicroUsd: 5_000_000, onLimit: 'block', alertThresholds: [50, 80, 100], models: {} },
    });
    expect(config).toMatchObject({ alerts: { webhookUrl: 'https://hooks.example.com/x' }, timeZone: 'Asia/Shanghai', currency: { cnyPerUsd: 7.1 } });
  });

  it('an explicit base URL in the file beats the region', () => {
    const ds = fromFile({ providers: { dashscope: { region: 'beijing', baseURL: 'https://proxy.example.com/v1' } } }).providers.dashscope;
    expect(ds).toMatchObject({ region: 'beijing', baseURL: 'https://proxy.example.com/v1' });
  });

  it('expands ~ in home', () => {
    expect(fromFile({ home: '~/.local/aegis' }).home).toBe(path.join(HOME, '.local/aegis'));
  });

  it('lets the environment override the file field by field', () => {
    const file = {
      home: '/from/file',
      providers: {
        dashscope: { apiKey: 'file-key', region: 'us', defaultModel: 'qwen-max' },
        openai: { baseURL: 'https://file.example.com/v1' },
        anyllm: { baseURL: 'http://file:1/v1', defaultModel: 'file-model' },
      },
      budgets: { openai: { monthlyUsd: 50, alertThresholds: [10], models: { 'gpt-4o': 5 } } },
      alerts: { webhookUrl: 'https://file.example.com/hook' },
    };
    const config = fromFile(file, {
      DASHSCOPE_API_KEY: 'env-key',
      DASHSCOPE_REGION: 'beijing',
      OPENAI_API_KEY: 'env-oa',
      OPENAI_BASE_URL: 'https://env.example.com/v1',
      ANYLLM_MODEL: 'env-model',
      AEGIS_LLM_HOME: '/from/env',
      MONTHLY_BUDGET_OPENAI: '12.345678',
      AEGIS_LLM_ALERT_WEBHOOK: 'https://env.example.com/hook',
    });
    expect(config.providers.dashscope).toMatchObject({
      apiKey: 'env-key',
      region: 'beijing',
      baseURL: DASHSCOPE_REGION_BASE_URLS.beijing,
      defaultModel: 'qwen-max', // no env variable for it: the file's stands
    });
    expect(config.providers.openai).toMatchObject({ apiKey: 'env-oa', baseURL: 'https://env.example.com/v1' });
    expect(config.providers.anyllm).toMatchObject({ baseURL: 'http://file:1/v1', defaultModel: 'env-model' });
    expect(config.home).toBe('/from/env');
    expect(config.budgets.openai).toEqual({
      monthlyLimitMicroUsd: 12_345_678,
      onLimit: 'block',
      alertThresholds: [10],
      models: { 'gpt-4o': 5_000_000 },
    });
    expect(config.alerts.webhookUrl).toBe('https://env.example.com/hook');
  });
});

describe('parseConfig: apiKeyEnv indirection', () => {
  it('reads the key from the named variable', () => {
    const config = fromFile(
      { providers: { dashscope: { apiKeyEnv: 'MY_DS_KEY' } }, endpoints: [{ name: 'groq', baseURL: 'https://g/v1', apiKeyEnv: 'GROQ_API_KEY' }] },
      { MY_DS_KEY: 'indirect', GROQ_API_KEY: 'gk' },
    );
    expect(config.providers.dashscope).toMatchObject({ apiKey: 'indirect', configured: true });
    expect(config.providers.groq).toMatchObject({ apiKey: 'gk', configured: true });
  });

  it('leaves the provider unconfigured, naming the variable, when it is unset', () => {
    const config = fromFile({
      providers: { dashscope: { apiKeyEnv: 'MY_DS_KEY' }, anyllm: { baseURL: 'http://x:1/v1', apiKeyEnv: 'MY_ANY_KEY' } },
      endpoints: [{ name: 'groq', baseURL: 'https://g/v1', apiKeyEnv: 'GROQ_API_KEY' }],
    });
    expect(config.providers.dashscope).toMatchObject({
      configured: false,
      notConfiguredHint: 'Set MY_DS_KEY (named by providers.dashscope.apiKeyEnv in the config file), or DASHSCOPE_API_KEY.',
    });
    expect(config.providers.anyllm).toMatchObject({ configured: false });
    expect(config.providers.anyllm?.notConfiguredHint).toContain('MY_ANY_KEY');
    expect(config.providers.groq).toMatchObject({
      configured: false,
      notConfiguredHint: 'Set GROQ_API_KEY (named by endpoints[0].apiKeyEnv in the config file).',
    });
  });

  it('lets the standard variable win over the file indirection', () => {
    const config = fromFile({ providers: { openai: { apiKeyEnv: 'MY_OA' } } }, { MY_OA: 'indirect', OPENAI_API_KEY: 'standard' });
    expect(config.providers.openai?.apiKey).toBe('standard');
  });
});
