/**
 * A client key (a "virtual key"): what an OpenAI client sends as its API key
 * to `aegis-llm serve`. Only the SHA-256 of the secret is stored: the secret
 * is shown once, at creation. The secret is 192 random bits, so a plain hash
 * (as GitHub and Stripe keep theirs) is enough: there is nothing to guess.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface ClientKey {
  /** Public id (`k_` + 12 hex): the `client_key` tag on spend, safe to show and log. */
  id: string;
  /** The operator's label (who or what the key is for). */
  name: string;
  /** SHA-256 of the secret, hex. */
  hash: string;
  /** The secret's first characters, to recognise it in a list (`aegis-sk-1a2b…`). */
  hint: string;
  createdAt: string;
  revokedAt?: string;
  /** `provider/model` targets the key may use; absent: any. */
  allowedModels?: string[];
  /** Providers the key may use; absent: any. */
  allowedProviders?: string[];
  /**
   * Monthly limit in USD on the key's spend (requests tagged
   * `client_key=<id>`), enforced as a tag-scoped budget by the core.
   */
  monthlyBudgetUsd?: number;
}

/** A key as listed: everything but the hash. */
export type ClientKeyView = Omit<ClientKey, 'hash'> & { status: 'active' | 'revoked' };

export const SECRET_PREFIX = 'aegis-sk-';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function newKeyMaterial(): { id: string; secret: string } {
  const id = `k_${randomBytes(6).toString('hex')}`;
  return { id, secret: `${SECRET_PREFIX}${randomBytes(24).toString('base64url')}` };
}

export function toView(key: ClientKey): ClientKeyView {
  const { hash: _hash, ...rest } = key;
  return { ...rest, status: key.revokedAt === undefined ? 'active' : 'revoked' };
}
