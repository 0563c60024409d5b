import { describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import { parseConfig } from './parse-config.js';

const fileMeta = { cwd: '/p', homeDir: '/h', file: '/p/aegis-llm.config.json' };
const IN_FILE = 'Invalid configuration in ./aegis-llm.config.json: ';
const IN_ENV = 'Invalid configuration in the environment: ';
const CANARY = 'sk-canary-0123456789abcdef';

function errorOf(run: () => unknown): AegisError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AegisError);
    expect((error as AegisError).kind).toBe('invalid_config');
    return error as AegisError;
  }
  throw new Error('expected an invalid_config error');
}

describe('parseConfig: one clear message per invalid file', () => {
  it.each<[string, unknown, string]>([
    [
      'a bad region',
      { providers: { dashscope: { region: 'mars' } } },
      'providers.dashscope.region: "mars" is not a region. Use one of: singapore, us, beijing, hongkong, frankfurt, tokyo.',
    ],
    [
      'an unknown top-level key',
      { provider: {} },
      '"provider" is not a known key. Did you mean "providers"? Known top-level keys: home, providers, endpoints, models, routes, routing, budgets, tagBudgets, alerts, timeZone, currency, store.',
    ],
    ['a nested typo', { providers: { dashscope: { regoin: 'us' } } }, 'providers.dashscope: "regoin" is not a known key. Did you mean "region"?'],
    [
      'an unknown provider section',
      { providers: { groq: {} } },
      'providers: "groq" is not a known key. Known keys in providers: dashscope, openai, ollama, anyllm. Other OpenAI-compatible servers go in "endpoints"',
    ],
    ['both apiKey and apiKeyEnv', { providers: { openai: { apiKey: 'x', apiKeyEnv: 'Y' } } }, 'providers.openai: sets both apiKey and apiKeyEnv. Keep one:'],
    [
      'an endpoint name with bad characters',
      { endpoints: [{ name: 'Groq!', baseURL: 'https://x/v1' }] },
      'endpoints[0].name: "Groq!" is not a valid endpoint name.',
    ],
    [
      'an endpoint named like a built-in',
      { endpoints: [{ name: 'ollama', baseURL: 'https://x/v1' }] },
      'endpoints[0].name: "ollama" is a built-in provider id.',
    ],
    [
      'duplicate endpoint names',
      {
        endpoints: [
          { name: 'g', baseURL: 'https://x/v1' },
          { name: 'g', baseURL: 'https://y/v1' },
        ],
      },
      'endpoints[1].name: "g" is already the name of endpoints[0].',
    ],
    ['an endpoint without a base URL', { endpoints: [{ name: 'g' }] }, 'endpoints[0].baseURL: is missing. Add it'],
    [
      'a full endpoint URL instead of a base URL',
      { providers: { openai: { baseURL: 'https://api.openai.com/v1/chat/completions' } } },
      'providers.openai.baseURL: "https://api.openai.com/v1/chat/completions" ends with /chat/completions. Give the base URL only',
    ],
    ['a non-URL', { providers: { ollama: { baseURL: 'localhost:11434' } } }, 'providers.ollama.baseURL: "localhost:11434" is not an http(s) URL.'],
    [
      'a route to an unknown provider',
      { routes: { chat: ['dashscop/qwen-plus'] } },
      'routes.chat[0]: "dashscop/qwen-plus" names an unknown provider "dashscop". Did you mean "dashscope"?',
    ],
    ['a route without a provider', { routes: { chat: ['qwen-plus'] } }, 'routes.chat[0]: "qwen-plus" is not a "provider/model" target.'],
    ['an empty route', { routes: { chat: [] } }, 'routes.chat: is an empty list.'],
    ['a model for an unknown provider', { models: [{ provider: 'x', model: 'y' }] }, 'models[0].provider: "x" is not a known provider.'],
    ['a budget for an unknown provider', { budgets: { opnai: { monthlyUsd: 1 } } }, 'budgets.opnai: "opnai" is not a known provider. Did you mean "openai"?'],
    [
      'a budget that is not money',
      { budgets: { openai: { monthlyUsd: '12,50' } } },
      'budgets.openai.monthlyUsd: "12,50" is not a USD amount. Use a non-negative number of dollars',
    ],
    ['a negative budget', { budgets: { openai: { monthlyUsd: -1 } } }, 'budgets.openai.monthlyUsd: -1 is not a USD amount.'],
    ['a budget without a limit', { budgets: { openai: {} } }, 'budgets.openai.monthlyUsd: is missing.'],
    [
      'a bad per-model budget',
      { budgets: { openai: { monthlyUsd: 1, models: { 'gpt-4o': true } } } },
      'budgets.openai.models["gpt-4o"]: true is not a USD amount.',
    ],
    [
      'a bad limit action',
      { budgets: { openai: { monthlyUsd: 1, onLimit: 'stop' } } },
      'budgets.openai.onLimit: "stop" is not a limit action. Use one of: block, fallback.',
    ],
    [
      'a threshold above 100',
      { budgets: { openai: { monthlyUsd: 1, alertThresholds: [150] } } },
      'budgets.openai.alertThresholds[0]: 150 is too large. Use a number <= 100.',
    ],
    ['negative retries', { routing: { maxRetries: -1 } }, 'routing.maxRetries: -1 is too small. Use a number >= 0.'],
    ['fractional milliseconds', { routing: { requestTimeoutMs: 1.5 } }, 'routing.requestTimeoutMs: 1.5 is a fractional number, not a whole number.'],
    ['a string for a number', { routing: { maxRetries: '2' } }, 'routing.maxRetries: "2" is text, not a number. Use a number.'],
    ['backoff above its cap', { routing: { baseBackoffMs: 9000 } }, 'routing.baseBackoffMs: 9000 is larger than routing.maxBackoffMs (4000).'],
    ['a bad cooldown key', { routing: { cooldown: { failure: 3 } } }, 'routing.cooldown: "failure" is not a known key. Did you mean "failures"?'],
    ['a bad time zone', { timeZone: 'Mars/Olympus' }, 'timeZone: "Mars/Olympus" is not an IANA time zone.'],
    ['a zero exchange rate', { currency: { cnyPerUsd: 0 } }, 'currency.cnyPerUsd: 0 is too small. Use a number > 0.'],
    [
      'unordered price tiers',
      {
        models: [
          {
            provider: 'dashscope',
            model: 'x',
            pricing: {
              tiers: [
                { upToInputTokens: 10, input: 1, output: 1 },
                { upToInputTokens: 5, input: 1, output: 1 },
                { input: 1, output: 1 },
              ],
            },
          },
        ],
      },
      "models[0].pricing.tiers[1].upToInputTokens: 5 must be larger than the previous tier's bound (10).",
    ],
    [
      'an open tier before the last',
      {
        models: [
          {
            provider: 'dashscope',
            model: 'x',
            pricing: {
              tiers: [
                { input: 1, output: 1 },
                { upToInputTokens: 5, input: 1, output: 1 },
              ],
            },
          },
        ],
      },
      'models[0].pricing.tiers[0].upToInputTokens: is missing; only the last tier may be open-ended.',
    ],
    [
      'a negative price',
      { models: [{ provider: 'dashscope', model: 'x', pricing: { tiers: [{ input: -1, output: 1 }] } }] },
      'models[0].pricing.tiers[0].input: -1 is too small.',
    ],
    [
      'an unknown capability',
      { models: [{ provider: 'openai', model: 'x', capabilities: ['telepathy'] }] },
      'models[0].capabilities[0]: "telepathy" is not a capability.',
    ],
    ['an array at the top', [], 'the file must hold one JSON object { ... } at the top level.'],
    [
      'a budget below one micro-USD',
      { budgets: { openai: { monthlyUsd: 1e-7 } } },
      'budgets.openai.monthlyUsd: 1e-7 is below one micro-USD, so it would be a limit of $0.',
    ],
    [
      'a model budget below one micro-USD',
      { budgets: { openai: { monthlyUsd: 1, models: { 'gpt-4o': '0.0000001' } } } },
      'budgets.openai.models["gpt-4o"]: "0.0000001" is below one micro-USD',
    ],
    // JSON.parse keeps "__proto__" as an own key, as a config file read from disk has it.
    ['a budget named __proto__', JSON.parse('{"budgets":{"__proto__":{"monthlyUsd":5}}}'), 'budgets.__proto__: "__proto__" cannot be used as a name.'],
    [
      'a model budget named __proto__',
      JSON.parse('{"budgets":{"openai":{"monthlyUsd":5,"models":{"__proto__":1}}}}'),
      'budgets.openai.models.__proto__: "__proto__" cannot be used as a name.',
    ],
    ['a route named __proto__', JSON.parse('{"routes":{"__proto__":["openai/gpt-4o"]}}'), 'routes.__proto__: "__proto__" cannot be used as a name.'],
    [
      'a header named __proto__',
      JSON.parse('{"endpoints":[{"name":"x","baseURL":"http://127.0.0.1:1/v1","headers":{"__proto__":"v"}}]}'),
      'endpoints[0].headers.__proto__: "__proto__" cannot be used as a name.',
    ],
    ['a budget named toString', { budgets: { toString: { monthlyUsd: 5 } } }, 'budgets.toString: "toString" is not a known provider.'],
  ])('%s', (_name, raw, expected) => {
    const error = errorOf(() => parseConfig(raw, {}, fileMeta));
    expect(error.message).toContain(IN_FILE + expected);
    expect(error.message).not.toMatch(/\n\s+at /); // no stack trace
    expect(error.details).toMatchObject({ source: 'file', file: './aegis-llm.config.json' });
  });

  it('lists every problem at once, numbered, with each path in details', () => {
    const error = errorOf(() => parseConfig({ providers: { dashscope: { region: 'x' } }, timeZone: 'y', routing: { maxRetries: -1 } }, {}, fileMeta));
    expect(error.details).toMatchObject({ path: 'providers.dashscope.region' });
    expect(error.message).toMatch(
      /^Invalid configuration in \.\/aegis-llm\.config\.json: 3 problems:\n {2}1\. providers\.dashscope\.region: "x" is not a region/,
    );
    expect(error.message).toContain('\n  2. ');
    expect(error.message).toContain('\n  3. ');
    expect(error.message).not.toContain('more problem');
    const problems = (error.details as { problems: Array<{ path: string; text: string }> }).problems;
    expect(problems.map((p) => p.path).sort()).toEqual(['providers.dashscope.region', 'routing.maxRetries', 'timeZone']);
    for (const p of problems) expect(p.text.startsWith(`${p.path}: `)).toBe(true);
  });

  it('lists every cross-reference problem too (each route naming a missing provider)', () => {
    const error = errorOf(() =>
      parseConfig({ routes: { chat: ['groq/a'], summarize: ['dashscope/qwen-plus', 'groq/b'] }, budgets: { groq: { monthlyUsd: 1 } } }, {}, fileMeta),
    );
    const problems = (error.details as { problems: Array<{ path: string }> }).problems;
    expect(problems.map((p) => p.path)).toEqual(['routes.chat[0]', 'routes.summarize[1]', 'budgets.groq']);
    expect(error.message).toContain('3 problems:');
  });

  it('a refused value and a route to a missing provider come together, the refused target not said twice', () => {
    const error = errorOf(() => parseConfig({ timeZone: 'y', routes: { chat: ['groq/a', 'nope'] }, providers: { dashscope: { regoin: 'us' } } }, {}, fileMeta));
    const problems = (error.details as { problems: Array<{ path: string }> }).problems;
    expect(problems.map((p) => p.path).sort()).toEqual(['providers.dashscope.regoin', 'routes.chat[0]', 'routes.chat[1]', 'timeZone']);
  });

  it('one problem stays one sentence, with itself as the only listed problem', () => {
    const error = errorOf(() => parseConfig({ timeZone: 'y' }, {}, fileMeta));
    expect(error.message).toMatch(new RegExp(`^${IN_FILE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}timeZone: "y" is not an IANA time zone\\. [^\\n]*$`));
    expect((error.details as { problems: unknown[] }).problems).toHaveLength(1);
  });

  it('masks credentials in quoted URLs', () => {
    const error = errorOf(() => parseConfig({ alerts: { webhookUrl: 'ftp://user:secret@hooks.example.com/x' } }, {}, fileMeta));
    expect(error.message).not.toContain('secret');
    expect(error.message).toContain('"ftp://***@hooks.example.com/x"');
  });

  it('says "Invalid configuration" without a file name when there is no file', () => {
    expect(errorOf(() => parseConfig({ timeZone: 'x' }, {}, { cwd: '/p' })).message).toMatch(/^Invalid configuration: timeZone:/);
  });
});

describe('parseConfig: one clear message per invalid environment variable', () => {
  it.each<[NodeJS.ProcessEnv, string]>([
    [{ DASHSCOPE_REGION: 'mars' }, 'DASHSCOPE_REGION: "mars" is not a region. Use one of: singapore, us, beijing, hongkong, frankfurt, tokyo.'],
    [{ MONTHLY_BUDGET_OPENAI: 'abc' }, 'MONTHLY_BUDGET_OPENAI: "abc" is not a USD amount. Use a non-negative number of dollars such as 50 or 12.50.'],
    [{ MONTHLY_BUDGET_DASHSCOPE: '-5' }, 'MONTHLY_BUDGET_DASHSCOPE: "-5" is not a USD amount. Use a non-negative number of dollars such as 50 or 12.50.'],
    [
      { MONTHLY_BUDGET_OPENAI: '0.0000001' },
      'MONTHLY_BUDGET_OPENAI: "0.0000001" is below one micro-USD, so it would be a limit of $0. Use 0 to allow no spend, or at least 0.000001.',
    ],
    [
      { MONTHLY_BUDGET_ALIBABA_CLOUD: '$5' },
      'MONTHLY_BUDGET_ALIBABA_CLOUD: "$5" is not a USD amount. Use a non-negative number of dollars such as 50 or 12.50.',
    ],
    [{ OPENAI_BASE_URL: 'api.openai.com' }, 'OPENAI_BASE_URL: "api.openai.com" is not an http(s) URL. Use a full URL such as https://api.openai.com/v1.'],
    [
      { DASHSCOPE_BASE_URL: 'https://x/v1/chat/completions' },
      'DASHSCOPE_BASE_URL: "https://x/v1/chat/completions" ends with /chat/completions. Give the base URL only, e.g. https://dashscope-intl.aliyuncs.com/compatible-mode/v1.',
    ],
    [{ OLLAMA_BASE_URL: 'ollama:11434' }, 'OLLAMA_BASE_URL: "ollama:11434" is not an http(s) URL. Use a full URL such as http://127.0.0.1:11434/v1.'],
    [{ ANYLLM_BASE_URL: 'nope' }, 'ANYLLM_BASE_URL: "nope" is not an http(s) URL. Use a full URL such as http://127.0.0.1:8000/v1.'],
    [{ AEGIS_LLM_ALERT_WEBHOOK: 'hooks' }, 'AEGIS_LLM_ALERT_WEBHOOK: "hooks" is not an http(s) URL. Use a full URL such as https://hooks.example.com/aegis.'],
  ])('%j', (env, expected) => {
    const error = errorOf(() => parseConfig(undefined, env, { cwd: '/p' }));
    expect(error.message).toBe(IN_ENV + expected);
    expect(error.details).toMatchObject({ source: 'env', path: Object.keys(env)[0] });
  });
});

describe('parseConfig: a key never leaks', () => {
  const bad: unknown[] = [
    { providers: { dashscope: { apiKey: CANARY, apiKeyEnv: 'X' } } },
    { providers: { dashscope: { apiKey: CANARY, region: 'mars' } } },
    { providers: { openai: { apiKey: CANARY, regoin: 1 } } },
    // Pasted into the wrong fields:
    { providers: { dashscope: { apiKeyEnv: CANARY } } },
    { providers: { dashscope: { region: CANARY } } },
    { providers: { openai: { baseURL: CANARY } } },
    { providers: { openai: { headers: { Authorization: 5, 'X-Key': CANARY } } } },
    {
      endpoints: [
        { name: CANARY, baseURL: 'https://x/v1' },
        { name: CANARY, baseURL: 'https://y/v1' },
      ],
    },
    { [CANARY]: true },
    { routes: { chat: [CANARY] } },
    { budgets: { openai: { monthlyUsd: CANARY } } },
  ];

  it.each(bad.map((raw, i) => [i, raw] as const))('case %i', (_i, raw) => {
    const error = errorOf(() => parseConfig(raw, { OPENAI_API_KEY: CANARY }, fileMeta));
    expect(error.message).not.toContain(CANARY);
    expect(error.message).not.toContain('canary');
    expect(JSON.stringify(error)).not.toContain(CANARY);
    expect(JSON.stringify(error.details)).not.toContain(CANARY);
    expect(String(error.stack)).not.toContain(CANARY);
  });

  it('a non-sk key pasted into a checked field is redacted too', () => {
    const key = 'canary0123456789ABCDEF';
    const error = errorOf(() => parseConfig({ providers: { openai: { apiKey: key }, dashscope: { region: key } } }, {}, fileMeta));
    expect(error.message).not.toContain(key);
  });

  it('in env values read through the environment', () => {
    const error = errorOf(() => parseConfig(undefined, { DASHSCOPE_API_KEY: CANARY, DASHSCOPE_REGION: CANARY }, { cwd: '/p' }));
    expect(error.message).not.toContain(CANARY);
  });

  it("appears in a resolved config only in the providers' apiKey fields", () => {
    const config = parseConfig(
      {
        providers: { dashscope: { apiKey: CANARY }, anyllm: { baseURL: 'http://x:1/v1', apiKeyEnv: 'ANY' } },
        endpoints: [{ name: 'groq', baseURL: 'https://g/v1', apiKeyEnv: 'GROQ' }],
      },
      { OPENAI_API_KEY: CANARY, ANY: CANARY, GROQ: CANARY },
      fileMeta,
    );
    const keys = Object.values(config.providers).map((p) => p.apiKey);
    expect(keys.filter((k) => k === CANARY)).toHaveLength(4);
    const withoutKeys = {
      ...config,
      providers: Object.fromEntries(Object.entries(config.providers).map(([id, { apiKey: _apiKey, ...rest }]) => [id, rest])),
    };
    expect(JSON.stringify(withoutKeys)).not.toContain(CANARY);
  });
});
