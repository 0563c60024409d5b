import type { Catalog } from '../catalog/types.js';
import type { Provider } from '../providers/provider.js';
import type { RouteCheckContext } from '../routing/check-route-targets.js';

/** What checkRouteTargets needs from the configuration in force: its providers and their catalog. */
export function routeCheckContext(providers: ReadonlyMap<string, Provider>, catalog: Catalog): RouteCheckContext {
  return {
    providers: new Set(providers.keys()),
    lookup: (provider, model) => catalog.peek(provider, model),
    hasCatalog: (provider) => catalog.list(provider).length > 0,
    models: (provider) => catalog.list(provider).map((entry) => entry.model),
  };
}
