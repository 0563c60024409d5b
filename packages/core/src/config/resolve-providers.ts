/**
 * Every provider, configured or not, from the file and the environment:
 * one per kind (../kinds/), then the file's extra endpoints. Precedence,
 * field by field: environment, then file, then the kind's default.
 */
import { BUILTIN_PROVIDER_IDS, ENDPOINT_KIND, PROVIDER_KINDS } from '../kinds/index.js';
import { regionBaseURL } from '../kinds/dashscope/dashscope-regions.js';
import type { ProviderKindDefinition } from '../kinds/provider-kind.js';
import { normalizeBaseUrl } from './normalize-base-url.js';
import { value, type EnvSettings, type KindEnvSettings } from './read-env.js';
import type { ConfigFile } from './schema.js';
import type { ResolvedProvider } from './types.js';

interface KeyRef {
  apiKey?: string;
  apiKeyEnv?: string;
}

/** What a `providers.<kind>` section of the file may hold (each kind's schema allows a subset). */
interface KindSection extends KeyRef {
  region?: string;
  baseURL?: string;
  defaultModel?: string;
  headers?: Record<string, string>;
}

interface ResolvedKey {
  apiKey?: string;
  /** Set when the file names a variable (`apiKeyEnv`) that is unset. */
  missingVar?: string;
}

export function resolveProviders(file: ConfigFile, settings: EnvSettings, env: NodeJS.ProcessEnv): Record<string, ResolvedProvider> {
  const out: Record<string, ResolvedProvider> = {};
  for (const kind of PROVIDER_KINDS) {
    const section: KindSection | undefined = file.providers?.[kind.id];
    out[kind.id] = resolveKind(kind, section, settings.providers.get(kind.id) ?? {}, env);
  }

  (file.endpoints ?? []).forEach((endpoint, index) => {
    const key = resolveKey(undefined, endpoint, env);
    out[endpoint.name] = withStatus(
      {
        id: endpoint.name,
        kind: ENDPOINT_KIND,
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

/**
 * The built-in provider of one kind. Its base URL: the environment's, the
 * file's, the region's host (an explicit URL beats the region), else the
 * kind's default; a kind without one (AnyLLM) is not configured until given
 * one. Its key: see resolveKey; whether it is needed, the kind's `keyNeed`.
 */
function resolveKind(kind: ProviderKindDefinition, section: KindSection | undefined, fromEnv: KindEnvSettings, env: NodeJS.ProcessEnv): ResolvedProvider {
  const key = kind.keyNeed === 'none' ? {} : resolveKey(fromEnv.apiKey, section, env);
  const region = kind.regions === undefined ? undefined : (fromEnv.region ?? section?.region ?? kind.regions.defaultRegion);
  const regionEntry = kind.regions?.list.find((r) => r.id === region);
  // A workspace-domain region has no host of its own: the file or the environment gives the workspace's base URL.
  const regionHost = regionEntry === undefined ? undefined : regionBaseURL(regionEntry);
  const base = fromEnv.baseURL ?? section?.baseURL ?? regionHost ?? kind.defaultBaseURL;
  const normalized = base === undefined ? '' : normalizeBaseUrl(base);
  const provider = {
    id: kind.id,
    kind: kind.id,
    baseURL: normalized !== '' && kind.adjustBaseURL ? kind.adjustBaseURL(normalized) : normalized,
    apiKey: key.apiKey,
    headers: { ...section?.headers },
    defaultModel: fromEnv.model ?? section?.defaultModel ?? kind.defaultModel,
    region,
  };
  const notConfigured =
    regionEntry?.workspace && base === undefined
      ? `${regionEntry.label} is served from your workspace's own domain: set providers.${kind.id}.baseURL${kind.env.baseURL ? ` (or ${kind.env.baseURL})` : ''} to ${regionEntry.baseURL} with your workspace id.`
      : (kind.notConfiguredHint ?? '');
  if (base === undefined) return withStatus(provider, false, notConfigured);
  const field = `providers.${kind.id}.apiKeyEnv`;
  const standardVar = kind.env.apiKey?.[0] ?? '';
  switch (kind.keyNeed) {
    case 'needs':
      return withStatus(provider, key.apiKey !== undefined, keyHint(key, field, standardVar, notConfigured));
    case 'optional':
      // Optional, unless the file names a variable: then that variable must be set.
      return withStatus(provider, key.missingVar === undefined, keyHint(key, field, standardVar, ''));
    case 'none':
      // Always configured; whether it answers is testProvider's question.
      return withStatus(provider, true, '');
  }
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
  return key.missingVar === undefined ? fallback : `Set ${key.missingVar} (named by ${field} in the config file), or ${standardVar}.`;
}

function withStatus(provider: Omit<ResolvedProvider, 'configured' | 'notConfiguredHint'>, configured: boolean, hint: string): ResolvedProvider {
  // Drop undefined fields so JSON output and equality checks stay clean.
  const clean = Object.fromEntries(Object.entries(provider).filter(([, v]) => v !== undefined)) as typeof provider;
  return configured ? { ...clean, configured } : { ...clean, configured, notConfiguredHint: hint };
}
