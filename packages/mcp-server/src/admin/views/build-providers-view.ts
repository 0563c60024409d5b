import { ENDPOINT_KIND, PROVIDER_KINDS, providerKind, type AegisConfig, type CooldownStatus, type ResolvedProvider } from '@aegis-llm/core';
import type { KeyState, ProviderFileSettings, ProvidersResponse, ProviderTestView, ProviderView } from '../api/api-types.js';
import { kindView } from './kind-view.js';
import { isBuiltinProvider, peekProviderSection } from '../config-file/provider-section.js';
import type { RawConfig } from '../config-file/raw-config.js';
import { isPlainObject } from '../config-file/raw-config.js';
import { envOverrides } from './env-overrides.js';
import { stripUrlCredentials } from './strip-url-credentials.js';

export interface ProvidersViewInput {
  config: AegisConfig;
  raw: RawConfig;
  env: NodeJS.ProcessEnv;
  tests: ReadonlyMap<string, ProviderTestView>;
  cooldowns: CooldownStatus[];
}

/**
 * Every provider as the page shows it: state in force (configured, last test,
 * cooldowns), what the file says (the form's values) and which environment
 * variables override the file. Keys and header values never appear: only
 * whether a key is set, and where from.
 */
export function buildProvidersView(input: ProvidersViewInput): ProvidersResponse {
  const providers = Object.values(input.config.providers).map((provider) => providerView(provider, input));
  const regions = PROVIDER_KINDS.flatMap((kind) => kind.regions?.list.map((region) => region.id) ?? []);
  return { providers, regions, endpointKind: kindView(providerKind(ENDPOINT_KIND)) };
}

function providerView(provider: ResolvedProvider, input: ProvidersViewInput): ProviderView {
  const section = peekProviderSection(input.raw, provider.id) ?? {};
  const kind = providerKind(provider.kind);
  const view: ProviderView = {
    id: provider.id,
    kind: provider.kind,
    kindInfo: kindView(kind),
    builtin: isBuiltinProvider(provider.id),
    keyless: kind.keyNeed === 'none',
    configured: provider.configured,
    baseURL: stripUrlCredentials(provider.baseURL).shown,
    file: fileSettings(section, provider),
    envOverrides: envOverrides(provider.id, input.env),
    cooldowns: input.cooldowns
      .filter((c) => c.provider === provider.id)
      .map((c) => ({
        model: c.model,
        state: c.state,
        failures: c.failures,
        ...(c.until === undefined ? {} : { until: new Date(c.until).toISOString() }),
        ...(c.lastErrorKind === undefined ? {} : { lastError: c.lastErrorKind }),
      })),
  };
  if (provider.notConfiguredHint !== undefined) view.notConfiguredHint = provider.notConfiguredHint;
  if (provider.region !== undefined) view.region = provider.region;
  if (provider.defaultModel !== undefined) view.defaultModel = provider.defaultModel;
  const lastTest = input.tests.get(provider.id);
  if (lastTest !== undefined) view.lastTest = lastTest;
  return view;
}

function fileSettings(section: Record<string, unknown>, provider: ResolvedProvider): ProviderFileSettings {
  const text = (key: string) => (typeof section[key] === 'string' ? (section[key] as string) : undefined);
  const settings: ProviderFileSettings = {
    headerNames: isPlainObject(section.headers) ? Object.keys(section.headers) : [],
    key: keyState(section, provider),
  };
  const region = text('region');
  if (region !== undefined) settings.region = region;
  const baseURL = text('baseURL');
  if (baseURL !== undefined) {
    const shown = stripUrlCredentials(baseURL);
    settings.baseURL = shown.shown;
    if (shown.hidden) settings.baseURLHasHiddenParts = true;
  }
  const defaultModel = text('defaultModel');
  if (defaultModel !== undefined) settings.defaultModel = defaultModel;
  return settings;
}

function keyState(section: Record<string, unknown>, provider: ResolvedProvider): KeyState {
  const effective = provider.apiKey !== undefined && provider.apiKey !== '';
  if (typeof section.apiKey === 'string') return { inFile: 'inline', effective };
  if (typeof section.apiKeyEnv === 'string') return { inFile: 'env-ref', envName: section.apiKeyEnv, effective };
  return { inFile: 'none', effective };
}
