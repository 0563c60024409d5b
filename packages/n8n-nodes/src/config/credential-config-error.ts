import { AegisError, isAegisError } from '@aegis-llm/core';

/** Config paths (as the core writes them: `endpoints[0].name`) the credentials fill, by the field that holds them. */
const FIELD_LABELS: ReadonlyArray<[RegExp, string]> = [
  [/^(providers\.\w+|endpoints\[\d+\])\.baseURL$/, 'Base URL'],
  [/^(providers\.\w+|endpoints\[\d+\])\.headers/, 'Extra Headers'],
  [/^(providers\.\w+|endpoints\[\d+\])\.defaultModel$/, 'Default Model'],
  [/^endpoints\[\d+\]\.name$/, 'Endpoint Name (in Budgets and Spend)'],
  [/^models\[/, 'Model Prices (USD per Million Tokens)'],
  [/^budgets[.[]/, 'Monthly Budget'],
  [/^home$/, 'Spend Ledger Folder'],
];

/**
 * A configuration error in the words of the n8n credential: the core names
 * config-file paths (`providers.dashscope.baseURL`), a workflow author knows
 * the field ("Base URL"). Other errors pass through unchanged.
 */
export function credentialConfigError(error: unknown, credentialLabel: string): unknown {
  if (!isAegisError(error) || error.kind !== 'invalid_config') return error;
  const path = error.details?.path;
  const label = path === undefined ? undefined : FIELD_LABELS.find(([pattern]) => pattern.test(path))?.[1];
  const marker = path === undefined ? -1 : error.message.indexOf(`${path}: `);
  const problem = marker === -1 || path === undefined ? error.message : error.message.slice(marker + path.length + 2);
  const where = label === undefined ? `${credentialLabel} credential` : `${credentialLabel} credential, ${label}`;
  return new AegisError('invalid_config', `${where}: ${problem}`, { details: error.details });
}
