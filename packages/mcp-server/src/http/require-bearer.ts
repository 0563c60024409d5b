import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendJsonRpcError } from './send-json-rpc-error.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <token>` or 401. Compared as SHA-256 digests with
 * timingSafeEqual, so neither the token's content nor its length leaks
 * through timing. (The SDK's requireBearerAuth wants OAuth token metadata
 * with an expiry; a static server token has none.)
 */
export function requireBearer(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected)) {
      next();
      return;
    }
    res.set('WWW-Authenticate', 'Bearer realm="aegis-llm"');
    sendJsonRpcError(
      res,
      401,
      match ? 'Unauthorized: wrong token.' : 'Unauthorized: send "Authorization: Bearer <token>" (the token aegis-llm serve printed, or AEGIS_LLM_TOKEN).',
    );
  };
}
