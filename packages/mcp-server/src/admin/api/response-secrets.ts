import { configSecrets } from '@aegis-llm/core';
import type { AdminContext } from '../admin-context.js';
import { urlSecrets } from '../views/strip-url-credentials.js';

/** Header values shorter than this are not treated as secrets (see collect-file-secrets). */
const MIN_HEADER_SECRET = 12;

/**
 * Everything no response may contain: the keys in force, header values,
 * the webhook URL, the server token, and key-like values last read from the
 * file (which may differ from those in force after a hand edit).
 */
export function responseSecrets(ctx: AdminContext): string[] {
  const config = ctx.gateway.config;
  const headerValues = Object.values(config.providers).flatMap((provider) =>
    Object.values(provider.headers).filter((value) => value.length >= MIN_HEADER_SECRET),
  );
  // A base URL may carry credentials (user:password@, ?api-key=); messages quoting the URL must not.
  const urlParts = Object.values(config.providers).flatMap((provider) => urlSecrets(provider.baseURL));
  return [
    ...configSecrets(config),
    ...headerValues,
    ...urlParts,
    ...(config.alerts.webhookUrl === undefined ? [] : [config.alerts.webhookUrl]),
    ctx.token,
    ...ctx.editor.fileSecrets(),
  ];
}
