import { AegisError, type Gateway } from '@aegis-llm/core';

/** Throws a bad_request naming the known providers when `provider` is not one of them. */
export function checkProvider(gateway: Gateway, provider: string | undefined, field = 'provider'): void {
  if (provider === undefined) return;
  const known = Object.keys(gateway.config.providers);
  if (known.includes(provider)) return;
  throw new AegisError('bad_request', `Unknown provider "${provider}" in \`${field}\`. Known providers: ${known.join(', ')}.`, {
    details: { field, knownProviders: known },
  });
}
