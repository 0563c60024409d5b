import { redisUrlSecrets } from './redis-url.js';
import type { AegisConfig } from './types.js';

/**
 * The secrets a configuration holds, for building the redactor
 * (secrets/create-redactor.ts): API keys, provider header values (proxies
 * take keys in headers such as `X-Api-Key`), a Redis store's password.
 */
export function configSecrets(config: Pick<AegisConfig, 'providers'> & Partial<Pick<AegisConfig, 'store'>>): string[] {
  return Object.values(config.providers)
    .flatMap((provider) => [provider.apiKey, ...Object.values(provider.headers)])
    .filter((secret): secret is string => secret !== undefined && secret !== '')
    .concat(config.store?.kind === 'redis' ? redisUrlSecrets(config.store.url) : []);
}
