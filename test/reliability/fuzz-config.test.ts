/**
 * Fuzzed configuration (issue 9): parseConfig on arbitrary JSON, on mutations
 * of a full valid config file, and with arbitrary values in the environment
 * variables it reads. Always a configuration or an AegisError `invalid_config`
 * with a message; never another exception, and never the key in the message.
 */
import { AegisError, isAegisError, parseConfig } from '@aegis-llm/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { soakMode } from './support/soak-mode.ts';
import { writeFigures } from './support/write-figures.ts';

const mode = soakMode();
const KEY = 'sk-config-canary-7f3e2d1c0b9a8877';

/** Every section of the file filled in (the example of packages/core/src/config/schema.ts). */
const VALID = {
  home: '/tmp/aegis-fuzz-home',
  providers: {
    dashscope: { apiKey: KEY, region: 'singapore', defaultModel: 'qwen-plus', headers: { 'X-Trace': 'a' } },
    openai: { apiKeyEnv: 'MY_OPENAI_KEY', baseURL: 'https://api.openai.com/v1', defaultModel: 'gpt-4o-mini' },
    ollama: { baseURL: 'http://127.0.0.1:11434/v1', defaultModel: 'qwen2.5:0.5b' },
    anyllm: { baseURL: 'http://127.0.0.1:8000/v1', defaultModel: 'my-model', apiKey: KEY },
  },
  endpoints: [{ name: 'groq', baseURL: 'https://api.groq.com/openai/v1', apiKey: KEY, defaultModel: 'llama-3.1-8b-instant', headers: { 'X-Title': 'aegis' } }],
  models: [
    {
      provider: 'dashscope',
      model: 'qwen-max',
      contextWindow: 32_768,
      maxOutputTokens: 8_192,
      capabilities: ['thinking'],
      pricing: {
        currency: 'USD',
        tiers: [
          { upToInputTokens: 32_000, input: 1.6, output: 6.4 },
          { input: 2, output: 8 },
        ],
        source: 'contract',
        asOf: '2026-11-01',
      },
    },
  ],
  routes: { chat: ['dashscope/qwen-plus', 'ollama/qwen2.5:0.5b'], summarize: ['groq/llama-3.1-8b-instant'] },
  routing: {
    maxRetries: 2,
    maxRetryWaitMs: 5000,
    baseBackoffMs: 250,
    maxBackoffMs: 4000,
    requestTimeoutMs: 55000,
    streamIdleTimeoutMs: 30000,
    streamUpstream: true,
    attemptTimeoutMs: 20000,
    cooldown: { failures: 3, windowMs: 60000, durationMs: 30000 },
    fallbackOnContentFilter: false,
  },
  budgets: { dashscope: { monthlyUsd: 50, onLimit: 'block', alertThresholds: [50, 80, 100], models: { 'qwen-max': '20.5' } }, groq: { monthlyUsd: '1' } },
  alerts: { webhookUrl: 'https://hooks.example.com/aegis' },
  timeZone: 'Europe/Berlin',
  currency: { cnyPerUsd: 7.2 },
  store: { url: 'embedded', onUnavailable: 'fail-closed', keyPrefix: 'aegis:', recordRetentionDays: 90 },
};

const ENV_NAMES = [
  'DASHSCOPE_API_KEY',
  'ALIBABA_CLOUD_API_KEY',
  'DASHSCOPE_REGION',
  'DASHSCOPE_BASE_URL',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'OLLAMA_BASE_URL',
  'ANYLLM_BASE_URL',
  'ANYLLM_API_KEY',
  'ANYLLM_MODEL',
  'AEGIS_LLM_HOME',
  'MONTHLY_BUDGET_ALIBABA_CLOUD',
  'MONTHLY_BUDGET_DASHSCOPE',
  'MONTHLY_BUDGET_OPENAI',
  'MONTHLY_BUDGET_ANYLLM',
  'AEGIS_LLM_ALERT_WEBHOOK',
  'AEGIS_LLM_STORE',
  'MY_OPENAI_KEY',
];

const BASE_ENV = { HOME: '/tmp/aegis-fuzz-home', MY_OPENAI_KEY: KEY };

const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    '-1',
    '1e400',
    '0x10',
    '~',
    '~/x',
    '../..',
    'http://',
    'redis://',
    'rediss://u:p@h:1/2',
    'a'.repeat(5000),
    '__proto__',
    'constructor',
    '\u0000',
    '\ud800',
    KEY,
  ),
  fc.constantFrom(-1, 0, -0, 0.1, 1e308, 2 ** 53, Number.MAX_SAFE_INTEGER, true, false, null, [], {}, [null], [[]]),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

type Json = unknown;
type Path = Array<string | number>;

function paths(value: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

/** A copy of `value` with the node at `path` replaced, removed, or given an extra key. */
function mutate(value: Json, path: Path, op: 'replace' | 'remove' | 'add', replacement: Json, key: string): Json {
  const copy = structuredClone(value);
  if (path.length === 0) return op === 'replace' ? replacement : copy;
  let parent = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (op === 'replace') parent[last] = replacement;
  else if (op === 'remove') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, Json>)[key] = replacement;
    else parent[last] = replacement;
  }
  return copy;
}

const VALID_PATHS = paths(VALID);

const mutatedConfig = fc
  .array(
    fc.tuple(
      fc.integer({ min: 0, max: VALID_PATHS.length - 1 }),
      fc.constantFrom('replace', 'remove', 'add') as fc.Arbitrary<'replace' | 'remove' | 'add'>,
      nasty,
      fc.string({ maxLength: 12 }),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => {
    let config: Json = VALID;
    for (const [index, op, replacement, key] of edits) {
      const path = VALID_PATHS[index]!;
      try {
        config = mutate(config, path, op, replacement, key);
      } catch {
        // An earlier edit removed that path: skip this one.
      }
    }
    return config;
  });

const env = fc
  .dictionary(
    fc.constantFrom(...ENV_NAMES),
    fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '0', '-5', '1e9', 'abc', 'us', 'beijing', 'redis://127.0.0.1:1/0', 'ftp://x', KEY)),
    { maxKeys: 5 },
  )
  .map((vars) => ({ ...BASE_ENV, ...vars }));

type Outcome = 'config' | 'invalid_config';

function outcomeOf(raw: unknown, environment: NodeJS.ProcessEnv): Outcome {
  let config;
  try {
    config = parseConfig(raw, environment, { cwd: '/tmp', homeDir: '/tmp/aegis-fuzz-home' });
  } catch (error) {
    if (!isAegisError(error)) throw new Error(`parseConfig threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    if (error.kind !== 'invalid_config') throw new Error(`parseConfig threw an AegisError of kind ${error.kind}: ${error.message}`);
    if (error.message.trim() === '') throw new Error('invalid_config without a message');
    if (JSON.stringify([error.message, (error as AegisError).toJSON()]).includes(KEY)) throw new Error(`the key is in the message: ${error.message}`);
    return 'invalid_config';
  }
  if (typeof config !== 'object' || config === null || typeof config.providers !== 'object') throw new Error('parseConfig returned no configuration');
  return 'config';
}

describe(`fuzzed configuration, ${mode.fuzzRuns} runs per property (${mode.name})`, () => {
  const tally = { inputs: 0, config: 0, invalid_config: 0 };
  const findings: string[] = [];
  const startedAt = Date.now();
  const run = (raw: unknown, environment: NodeJS.ProcessEnv) => {
    tally.inputs += 1;
    try {
      tally[outcomeOf(raw, environment)] += 1;
    } catch (error) {
      // Shrinking reruns a failing input many times: keep each distinct failure once.
      const finding = String(error).slice(0, 300);
      if (!findings.includes(finding)) findings.push(finding);
      throw error;
    }
  };

  afterAll(() =>
    writeFigures(
      'fuzz-config',
      mode,
      {
        suite: 'Fuzzed config files',
        checks: 'parseConfig on arbitrary JSON, mutated full configs and arbitrary environment values',
        figures: { inputsTried: tally.inputs, accepted: tally.config, refusedWithInvalidConfig: tally.invalid_config, leaksFound: findings.length },
        findings,
      },
      startedAt,
    ),
  );

  it('the valid file parses', () => {
    expect(outcomeOf(VALID, BASE_ENV)).toBe('config');
  });

  // Found by the mutation property below: `value()` in config/read-env.ts
  // read env[name] without checking it was an entry of the environment, so an
  // apiKeyEnv naming an Object.prototype member threw a TypeError.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('apiKeyEnv "%s": invalid_config or unset, not a TypeError', (name) => {
    const raw = { providers: { openai: { apiKeyEnv: name } } };
    expect(() => outcomeOf(raw, BASE_ENV)).not.toThrow();
    expect(() => outcomeOf(raw, { ...process.env })).not.toThrow();
  });

  it('arbitrary JSON: a config or invalid_config', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...Object.keys(VALID), 'x', '$schema'), fc.jsonValue({ maxDepth: 3 }))), (raw) =>
        run(raw, BASE_ENV),
      ),
      { numRuns: mode.fuzzRuns, seed: mode.seed },
    );
  });

  it('mutations of a full valid config: a config or invalid_config', () => {
    fc.assert(
      fc.property(mutatedConfig, (raw) => run(raw, BASE_ENV)),
      { numRuns: mode.fuzzRuns * 3, seed: mode.seed },
    );
  });

  it('arbitrary environment values over a valid config: a config or invalid_config', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(VALID), mutatedConfig, fc.constant(undefined)), env, (raw, environment) => run(raw, environment)),
      { numRuns: mode.fuzzRuns, seed: mode.seed },
    );
  });
});
