/**
 * Every provider, configured or not, from the file and the environment.
 * Precedence, field by field: environment, then file, then default.
 */
import { BUILTIN_PROVIDER_IDS, DEFAULT_BASE_URLS, DEFAULT_MODELS, NOT_CONFIGURED_HINTS } from './builtin-providers.js';
import { DASHSCOPE_REGION_BASE_URLS, DEFAULT_DASHSCOPE_REGION } from '../kinds/dashscope/dashscope-regions.js';
import { ENV_NAMES } from './env-names.js';
import { normalizeBaseUrl, normalizeOllamaBaseUrl } from './normalize-base-url.js';
import { value, type EnvSettings } from './read-env.js';
import type { ConfigFile } from './schema.js';
import type { ResolvedProvider } from './types.js';

interface KeyRef {
  apiKey?: string;
  apiKeyEnv?: string;
}

interface ResolvedKey {
  apiKey?: string;
  /** Set when the file names a variable (`apiKeyEnv`) that is unset. */
  missingVar?: string;
}

export function resolveProviders(
  file: ConfigFile,
  settings: EnvSettings,
  env: NodeJS.ProcessEnv,
): Record<string, ResolvedProvider> {
  const providers = file.providers ?? {};
  const out: Record<string, ResolvedProvider> = {};

  // DashScope: an explicit base URL (env, then file) beats the region's host.
  const ds = providers.dashscope;
  const dsKey = resolveKey(settings.dashscope.apiKey, ds, env);
  const region = settings.dashscope.region ?? ds?.region ?? DEFAULT_DASHSCOPE_REGION;
  out.dashscope = withStatus(
    {
      id: 'dashscope',
      kind: 'dashscope',
      baseURL: normalizeBaseUrl(settings.dashscope.baseURL ?? ds?.baseURL ?? DASHSCOPE_REGION_BASE_URLS[region]),
      apiKey: dsKey.apiKey,
      headers: { ...ds?.headers },
      defaultModel: ds?.defaultModel ?? DEFAULT_MODELS.dashscope,
      region,
    },
    dsKey.apiKey !== undefined,
    keyHint(dsKey, 'providers.dashscope.apiKeyEnv', 'DASHSCOPE_API_KEY', NOT_CONFIGURED_HINTS.dashscope),
  );

  const oa = providers.openai;
  const oaKey = resolveKey(settings.openai.apiKey, oa, env);
  out.openai = withStatus(
    {
      id: 'openai',
      kind: 'openai',
      baseURL: normalizeBaseUrl(settings.openai.baseURL ?? oa?.baseURL ?? DEFAULT_BASE_URLS.openai),
      apiKey: oaKey.apiKey,
      headers: { ...oa?.headers },
      defaultModel: oa?.defaultModel ?? DEFAULT_MODELS.openai,
    },
    oaKey.apiKey !== undefined,
    keyHint(oaKey, 'providers.openai.apiKeyEnv', 'OPENAI_API_KEY', NOT_CONFIGURED_HINTS.openai),
  );

  // Ollama needs no key: always configured; whether it answers is testProvider's question.
  const ol = providers.ollama;
  out.ollama = withStatus(
    {
      id: 'ollama',
      kind: 'ollama',
      baseURL: normalizeOllamaBaseUrl(settings.ollama.baseURL ?? ol?.baseURL ?? DEFAULT_BASE_URLS.ollama),
      headers: { ...ol?.headers },
      defaultModel: ol?.defaultModel,
    },
    true,
    '',
  );

  // AnyLLM: configured by a base URL; the key is optional (local servers), unless the file names a variable.
  const any = providers.anyllm;
  const anyKey = resolveKey(settings.anyllm.apiKey, any, env);
  const anyBase = settings.anyllm.baseURL ?? any?.baseURL;
  out.anyllm = withStatus(
    {
      id: 'anyllm',
      kind: 'anyllm',
      baseURL: anyBase === undefined ? '' : normalizeBaseUrl(anyBase),
      apiKey: anyKey.apiKey,
      headers: { ...any?.headers },
      defaultModel: settings.anyllm.model ?? any?.defaultModel,
    },
    anyBase !== undefined && anyKey.missingVar === undefined,
    anyBase === undefined
      ? NOT_CONFIGURED_HINTS.anyllm
      : keyHint(anyKey, 'providers.anyllm.apiKeyEnv', ENV_NAMES.anyllmApiKey[0], ''),
  );

  (file.endpoints ?? []).forEach((endpoint, index) => {
    const key = resolveKey(undefined, endpoint, env);
    out[endpoint.name] = withStatus(
      {
        id: endpoint.name,
        kind: 'anyllm',
        baseURL: normalizeBaseUrl(endpoint.baseURL),
        apiKey: key.apiKey,
        headers: { ...endpoint.headers },
        defaultModel: endpoint.defaultModel,
      },
      key.missingVar === undefined,
      key.missingVar === undefined ? '' : `Set ${key.missingVar} (named by endpoints[${index}].apiKeyEnv in the config file).`,
    );
  });

  return out;
}

/** Ids of every provider this file makes known: the built-ins and its endpoints. */
export function knownProviderIds(file: ConfigFile): string[] {
  return [...BUILTIN_PROVIDER_IDS, ...(file.endpoints ?? []).map((e) => e.name)];
}

/** The environment's key, else the file's inline key, else the variable the file names. */
function resolveKey(fromEnv: string | undefined, ref: KeyRef | undefined, env: NodeJS.ProcessEnv): ResolvedKey {
  if (fromEnv !== undefined) return { apiKey: fromEnv };
  if (ref?.apiKey !== undefined) return { apiKey: ref.apiKey };
  if (ref?.apiKeyEnv !== undefined) {
    const indirect = value(env, ref.apiKeyEnv);
    return indirect === undefined ? { missingVar: ref.apiKeyEnv } : { apiKey: indirect };
  }
  return {};
}

function keyHint(key: ResolvedKey, field: string, standardVar: string, fallback: string): string {
  return key.missingVar === undefined
    ? fallback
    : `Set ${key.missingVar} (named by ${field} in the config file), or ${standardVar}.`;
}

function withStatus(
  provider: Omit<ResolvedProvider, 'configured' | 'notConfiguredHint'>,
  configured: boolean,
  hint: string,
): ResolvedProvider {
  // Drop undefined fields so JSON output and equality checks stay clean.
  const clean = Object.fromEntries(Object.entries(provider).filter(([, v]) => v !== undefined)) as typeof provider;
  return configured ? { ...clean, configured } : { ...clean, configured, notConfiguredHint: hint };
}
