import { storeSecrets } from './store-from-credential.js';
import type { ConfigFile } from '@aegis-llm/core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { budgetFromCredential } from './budget-from-credential.js';
import { textField } from './credential-fields.js';
import { parseHeaderLines } from './parse-header-lines.js';
import { parseModelPrices } from './parse-model-prices.js';
import type { ProviderSetup } from './provider-setup.js';

/** `providers.anyllm`, or an `endpoints[]` entry without its name. */
type AnyLlmProvider = Omit<NonNullable<ConfigFile['endpoints']>[number], 'name'>;

/** The built-in provider id the core gives an AnyLLM endpoint. */
export const ANYLLM_PROVIDER_ID = 'anyllm';

/**
 * Reads an `aegisAnyLlmApi` credential. Under the default id it is the core's
 * `providers.anyllm`; under another id an extra endpoint (`endpoints[]`), so
 * each endpoint can have its own budget in the shared ledger.
 */
export function anyLlmSetup(data: ICredentialDataDecryptedObject): ProviderSetup {
  const providerId = textField(data, 'providerId') ?? ANYLLM_PROVIDER_ID;
  const apiKey = textField(data, 'apiKey');
  const defaultModel = textField(data, 'defaultModel');
  const headers = parseHeaderLines(textField(data, 'headers'));
  const provider: AnyLlmProvider = { baseURL: textField(data, 'baseUrl') ?? '' };
  if (apiKey !== undefined) provider.apiKey = apiKey;
  if (defaultModel !== undefined) provider.defaultModel = defaultModel;
  if (Object.keys(headers).length > 0) provider.headers = headers;

  const models = parseModelPrices(textField(data, 'modelPrices')).map(({ model, input, output }) => ({
    provider: providerId,
    model,
    pricing: { currency: 'USD' as const, tiers: [{ input, output }], source: 'n8n credential' },
  }));
  const budgets = budgetFromCredential(providerId, data);
  const raw: ConfigFile = providerId === ANYLLM_PROVIDER_ID ? { providers: { anyllm: provider } } : { endpoints: [{ name: providerId, ...provider }] };
  if (models.length > 0) raw.models = models;
  if (budgets) raw.budgets = budgets;
  return {
    providerId,
    raw,
    secrets: [...(apiKey === undefined ? [] : [apiKey]), ...Object.values(headers).filter((v) => v.length >= 4), ...storeSecrets(data)],
    defaultModel,
    dataDir: textField(data, 'dataDir'),
    storeUrl: textField(data, 'storeUrl'),
  };
}
