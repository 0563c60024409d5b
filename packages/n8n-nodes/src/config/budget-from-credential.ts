import type { ConfigFile } from '@aegis-llm/core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { numberField, textField } from './credential-fields.js';

/**
 * The `budgets` entry of the raw config for one provider: the credential's
 * monthly limit and its behaviour at the limit. No limit (0 or empty): none.
 */
export function budgetFromCredential(providerId: string, data: ICredentialDataDecryptedObject): ConfigFile['budgets'] {
  const monthlyUsd = numberField(data, 'monthlyBudgetUsd');
  if (monthlyUsd === undefined || monthlyUsd === 0) return undefined;
  const onLimit = textField(data, 'onLimit') === 'fallback' ? 'fallback' : 'block';
  return { [providerId]: { monthlyUsd, onLimit } };
}
