import type { AegisConfig } from './types.js';

/** The API keys a configuration holds, for building the redactor (secrets/create-redactor.ts). */
export function configSecrets(config: Pick<AegisConfig, 'providers'>): string[] {
  return Object.values(config.providers)
    .map((provider) => provider.apiKey)
    .filter((key): key is string => key !== undefined && key !== '');
}
