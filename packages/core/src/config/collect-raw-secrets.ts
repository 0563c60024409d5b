import { ENV_NAMES, KEY_ENV_NAMES } from './env-names.js';
import { value } from './read-env.js';
import { redisUrlSecrets } from './redis-url.js';

/**
 * Every string that may be a key, before validation: inline `apiKey` values
 * anywhere in the raw file, the variables any `apiKeyEnv` names, the
 * standard key variables, and the password of a Redis store URL. Error
 * messages are redacted against these as a second line of defence (the
 * first: messages never quote a key field).
 */
export function collectRawSecrets(raw: unknown, env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 32 || node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'apiKey' && typeof child === 'string') found.push(child);
      if (key === 'apiKeyEnv' && typeof child === 'string') found.push(value(env, child) ?? '');
      if (key === 'webhookSecret' && typeof child === 'string') found.push(child);
      if (key === 'webhookSecretEnv' && typeof child === 'string') found.push(value(env, child) ?? '');
      visit(child, depth + 1);
    }
  };
  visit(raw, 0);
  found.push(value(env, ENV_NAMES.alertWebhookSecret) ?? '');
  for (const name of KEY_ENV_NAMES) {
    found.push(value(env, name) ?? '');
  }
  // A Redis URL's password (the store setting, from the file or the environment).
  const store = (raw as { store?: { url?: unknown } } | null | undefined)?.store;
  if (typeof store === 'object' && store !== null && typeof store.url === 'string') found.push(...redisUrlSecrets(store.url));
  found.push(...redisUrlSecrets(value(env, ENV_NAMES.store)));
  return found.filter((s) => s !== '');
}
