import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ClientKeyStore } from '../client-keys/create-client-key-store.js';
import type { Caller } from './caller.js';
import { OpenAiHttpError } from './openai-http-error.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <key>` as a caller: the server token is the admin
 * key (any model, no client tag); a client key brings its limits. Anything
 * else is a 401 in OpenAI's words (`invalid_api_key`), without saying
 * whether the key was never issued or was revoked.
 */
export function createAuthenticator(token: string, keys: ClientKeyStore): (headers: IncomingHttpHeaders) => Caller {
  const expected = digest(token);
  return (headers) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    const secret = match?.[1];
    if (secret === undefined) {
      throw new OpenAiHttpError(
        401,
        'invalid_request_error',
        'You did not provide an API key: send "Authorization: Bearer <key>" with a client key (aegis-llm keys create) or the server token.',
        {
          code: 'missing_api_key',
          headers: { 'www-authenticate': 'Bearer realm="aegis-llm"' },
        },
      );
    }
    if (timingSafeEqual(digest(secret), expected)) return { kind: 'admin' };
    const key = keys.verify(secret);
    if (key) {
      return {
        kind: 'client-key',
        id: key.id,
        ...(key.allowedModels ? { allowedModels: key.allowedModels } : {}),
        ...(key.allowedProviders ? { allowedProviders: key.allowedProviders } : {}),
      };
    }
    throw new OpenAiHttpError(
      401,
      'invalid_request_error',
      'Incorrect API key provided: it is not a client key of this server (or it was revoked), nor the server token.',
      {
        code: 'invalid_api_key',
        headers: { 'www-authenticate': 'Bearer realm="aegis-llm"' },
      },
    );
  };
}
