/**
 * The environment's part of the configuration, validated. Every name read
 * here is in ./env-names.ts. Empty (or blank) variables count as unset: a
 * `.env` line like `OPENAI_API_KEY=` means "no key", not "an empty key".
 */
import { usdToMicro } from '../cost/usd-to-micro.js';
import { DASHSCOPE_REGIONS } from '../kinds/dashscope/dashscope-regions.js';
import { BUDGET_ENV_NAMES, ENV_NAMES } from './env-names.js';
import { configWhere, invalidConfig } from './invalid-config.js';
import { isRedisUrl } from './redis-url.js';
import { endsWithChatCompletions, isBelowOneMicroUsd, isHttpUrl } from './schema-checks.js';
import { showConfigValue } from './show-config-value.js';
import type { DashScopeRegion } from './types.js';

export interface EnvSettings {
  configFile?: string;
  home?: string;
  alertWebhook?: string;
  /** A Redis URL, or `embedded`. */
  store?: string;
  dashscope: { apiKey?: string; apiKeyVar?: string; region?: DashScopeRegion; baseURL?: string };
  openai: { apiKey?: string; apiKeyVar?: string; baseURL?: string };
  ollama: { baseURL?: string };
  anyllm: { apiKey?: string; apiKeyVar?: string; baseURL?: string; model?: string };
  /** Provider id -> monthly limit in micro-USD. */
  budgets: Record<string, number>;
}

export function readEnv(env: NodeJS.ProcessEnv): EnvSettings {
  const dashscopeKey = firstSet(env, ENV_NAMES.dashscopeApiKey);
  const openaiKey = firstSet(env, ENV_NAMES.openaiApiKey);
  const anyllmKey = firstSet(env, ENV_NAMES.anyllmApiKey);
  return {
    configFile: value(env, ENV_NAMES.configFile),
    home: value(env, ENV_NAMES.home),
    alertWebhook: url(env, ENV_NAMES.alertWebhook, 'https://hooks.example.com/aegis', false),
    store: store(env),
    dashscope: {
      apiKey: dashscopeKey?.value,
      apiKeyVar: dashscopeKey?.name,
      region: region(env),
      baseURL: url(env, ENV_NAMES.dashscopeBaseURL, 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1'),
    },
    openai: {
      apiKey: openaiKey?.value,
      apiKeyVar: openaiKey?.name,
      baseURL: url(env, ENV_NAMES.openaiBaseURL, 'https://api.openai.com/v1'),
    },
    ollama: { baseURL: url(env, ENV_NAMES.ollamaBaseURL, 'http://127.0.0.1:11434/v1') },
    anyllm: {
      apiKey: anyllmKey?.value,
      apiKeyVar: anyllmKey?.name,
      baseURL: url(env, ENV_NAMES.anyllmBaseURL, 'http://127.0.0.1:8000/v1'),
      model: value(env, ENV_NAMES.anyllmModel),
    },
    budgets: budgets(env),
  };
}

/**
 * A variable's trimmed value, `undefined` when unset or blank. Only the
 * environment's own entries count: a config naming `apiKeyEnv: "constructor"`
 * must not read Object.prototype.
 */
export function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = Object.hasOwn(env, name) ? env[name] : undefined;
  const trimmed = typeof raw === 'string' ? raw.trim() : undefined;
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const found = value(env, name);
    if (found !== undefined) return { name, value: found };
  }
  return undefined;
}

function fail(name: string, sentence: string): never {
  throw invalidConfig(`${configWhere('env')}: ${name}: ${sentence}`, { source: 'env', path: name });
}

function region(env: NodeJS.ProcessEnv): DashScopeRegion | undefined {
  const raw = value(env, ENV_NAMES.dashscopeRegion);
  if (raw === undefined) return undefined;
  const found = DASHSCOPE_REGIONS.find((r) => r === raw.toLowerCase());
  if (found === undefined) {
    fail(ENV_NAMES.dashscopeRegion, `${showConfigValue(raw)} is not a region. Use one of: ${DASHSCOPE_REGIONS.join(', ')}.`);
  }
  return found;
}

function url(env: NodeJS.ProcessEnv, name: string, example: string, isBaseUrl = true): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  if (!isHttpUrl(raw)) fail(name, `${showConfigValue(raw)} is not an http(s) URL. Use a full URL such as ${example}.`);
  if (isBaseUrl && endsWithChatCompletions(raw)) {
    fail(name, `${showConfigValue(raw)} ends with /chat/completions. Give the base URL only, e.g. ${example}.`);
  }
  return raw;
}

function store(env: NodeJS.ProcessEnv): string | undefined {
  const raw = value(env, ENV_NAMES.store);
  if (raw === undefined || raw === 'embedded' || isRedisUrl(raw)) return raw;
  fail(ENV_NAMES.store, `${showConfigValue(raw)} is not a Redis URL. Use redis://host:6379/0 (rediss:// for TLS), or "embedded".`);
}

function budgets(env: NodeJS.ProcessEnv): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [provider, names] of Object.entries(BUDGET_ENV_NAMES)) {
    const found = firstSet(env, names);
    if (found === undefined) continue;
    const micro = usdToMicro(found.value);
    if (micro === undefined || micro < 0) {
      fail(found.name, `${showConfigValue(found.value)} is not a USD amount. Use a non-negative number of dollars such as 50 or 12.50.`);
    }
    if (isBelowOneMicroUsd(found.value)) {
      fail(found.name, `${showConfigValue(found.value)} is below one micro-USD, so it would be a limit of $0. Use 0 to allow no spend, or at least 0.000001.`);
    }
    out[provider] = micro;
  }
  return out;
}
