import { storeSecrets } from './store-from-credential.js';
import { AegisError, providerKind, regionBaseURL, type ConfigFile } from '@aegis-llm/core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { DASHSCOPE_DEFAULT_REGION } from '../credentials/dashscope-region-options.js';
import { DASHSCOPE_REGION_MISMATCH_HINT } from '../credentials/region-mismatch-hint.js';
import { budgetFromCredential } from './budget-from-credential.js';
import { textField } from './credential-fields.js';
import type { ProviderSetup } from './provider-setup.js';

export const DASHSCOPE_PROVIDER_ID = 'dashscope';

type DashScopeProvider = NonNullable<NonNullable<ConfigFile['providers']>['dashscope']>;

/** The DashScope nodes' preset model and the connection test's: balanced price and quality. */
export const DASHSCOPE_DEFAULT_MODEL = providerKind('dashscope').defaultModel ?? 'qwen-plus';

/** Reads an `aegisDashScopeApi` credential into the core's `providers.dashscope`. */
export function dashscopeSetup(data: ICredentialDataDecryptedObject): ProviderSetup {
  const apiKey = textField(data, 'apiKey');
  const region = textField(data, 'region') ?? DASHSCOPE_DEFAULT_REGION;
  const provider: DashScopeProvider = { defaultModel: DASHSCOPE_DEFAULT_MODEL };
  if (apiKey !== undefined) provider.apiKey = apiKey;
  if (region === 'custom') {
    const baseURL = textField(data, 'baseUrl');
    if (baseURL !== undefined) provider.baseURL = baseURL;
  } else {
    // Checked with the rest by parseConfig: a region the core does not know is an invalid_config naming it.
    provider.region = region as DashScopeProvider['region'];
    const entry = providerKind('dashscope').regions?.list.find((r) => r.id === region);
    if (entry?.workspace) {
      // The region's host is the workspace's: the core is given the filled-in base URL.
      const baseURL = regionBaseURL(entry, textField(data, 'workspaceId'));
      if (baseURL === undefined) {
        throw new AegisError(
          'invalid_config',
          `DashScope credential, Workspace ID: ${entry.label} is served from your workspace's own address; enter the ID of your Model Studio workspace (letters, digits and "-").`,
        );
      }
      provider.baseURL = baseURL;
    }
  }
  const budgets = budgetFromCredential(DASHSCOPE_PROVIDER_ID, data);
  return {
    providerId: DASHSCOPE_PROVIDER_ID,
    raw: { providers: { dashscope: provider }, ...(budgets ? { budgets } : {}) },
    secrets: [...(apiKey === undefined ? [] : [apiKey]), ...storeSecrets(data)],
    // No node-level default: an empty Model field routes by task type (the
    // provider's own default above is what "Test connection" asks).
    authHint: DASHSCOPE_REGION_MISMATCH_HINT,
    dataDir: textField(data, 'dataDir'),
    storeUrl: textField(data, 'storeUrl'),
  };
}
