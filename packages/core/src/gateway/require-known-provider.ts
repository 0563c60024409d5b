import { AegisError } from '../errors.js';
import type { GatewayContext } from './gateway-context.js';

/**
 * Refuses a provider id that is not configured, naming the known ones: the
 * one check behind testProvider, listModels and budgetStatus, so every
 * surface gives the same answer. `undefined` (all providers) passes.
 */
export function requireKnownProvider(ctx: Pick<GatewayContext, 'providers'>, provider: string | undefined): void {
  if (provider === undefined || ctx.providers.has(provider)) return;
  const known = [...ctx.providers.keys()];
  throw new AegisError('bad_request', `Unknown provider "${provider}". Known providers: ${known.join(', ')}.`, {
    details: { field: 'provider', knownProviders: known },
  });
}
