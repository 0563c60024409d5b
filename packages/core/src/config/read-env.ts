/**
 * The environment's part of the configuration, validated. Every name read
 * here is a kind's (`env` in ../kinds/<kind>/) or in ./env-names.ts. Empty
 * (or blank) variables count as unset: a `.env` line like `OPENAI_API_KEY=`
 * means "no key", not "an empty key".
 */
import { usdToMicro } from '../money/usd-to-micro.js';
import { PROVIDER_KINDS } from '../kinds/index.js';
import type { ProviderKindDefinition } from '../kinds/provider-kind.js';
import type { ProviderKind } from '../types.js';
import { BUDGET_ENV_NAMES, ENV_NAMES } from './env-names.js';
import { configWhere, invalidConfig } from './invalid-config.js';
import { isRedisUrl } from './redis-url.js';
import { endsWithChatCompletions, isBelowOneMicroUsd, isHttpUrl } from './schema-checks.js';
import { showConfigValue } from './show-config-value.js';

/** What the environment sets for one provider kind. */
export interface KindEnvSettings {
  apiKey?: string;
  /** The variable the key came from. */
  apiKeyVar?: string;
  /** One of the kind's region ids. */
  region?: string;
  baseURL?: string;
  model?: string;
}

export interface EnvSettings {
  configFile?: string;
  home?: string;
  alertWebhook?: string;
  alertWebhookSecret?: string;
  /** A Redis URL, or `embedded`. */
  store?: string;
  /** By kind: what the kind's variables set. */
  providers: ReadonlyMap<ProviderKind, KindEnvSettings>;
  /** Provider id -> monthly limit in micro-USD. */
  budgets: Record<string, number>;
}

export function readEnv(env: NodeJS.ProcessEnv): EnvSettings {
  // Read in this order (general, then kind by kind, then budgets): the first invalid variable is the one reported.
  return {
    configFile: value(env, ENV_NAMES.configFile),
    home: value(env, ENV_NAMES.home),
    alertWebhook: url(env, ENV_NAMES.alertWebhook, 'https://hooks.example.com/aegis', false),
    alertWebhookSecret: value(env, ENV_NAMES.alertWebhookSecret),
    store: store(env),
    providers: new Map(PROVIDER_KINDS.map((kind) => [kind.id, kindSettings(env, kind)])),
    budgets: budgets(env),
  };
}

function kindSettings(env: NodeJS.ProcessEnv, kind: ProviderKindDefinition): KindEnvSettings {
  const names = kind.env;
  const key = names.apiKey === undefined ? undefined : firstSet(env, names.apiKey);
  const settings: KindEnvSettings = { apiKey: key?.value, apiKeyVar: key?.name };
  settings.region = region(env, kind);
  if (names.baseURL !== undefined) settings.baseURL = url(env, names.baseURL, kind.exampleBaseURL);
  if (names.model !== undefined) settings.model = value(env, names.model);
  return settings;
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

function region(env: NodeJS.ProcessEnv, kind: ProviderKindDefinition): string | undefined {
  const name = kind.env.region;
  if (name === undefined || kind.regions === undefined) return undefined;
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const ids = kind.regions.list.map((r) => r.id);
  const found = ids.find((r) => r === raw.toLowerCase());
  if (found === undefined) {
    fail(name, `${showConfigValue(raw)} is not a region. Use one of: ${ids.join(', ')}.`);
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
