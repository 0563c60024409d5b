/** Everything the gateway's verbs share, built once by createGateway. Types only. */
import type { Catalog } from '../catalog/types.js';
import type { AegisConfig, ResolvedProvider } from '../config/types.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Logger } from '../log/logger.js';
import type { Provider } from '../providers/provider.js';
import type { Clock, Random, Sleep } from '../time/clock.js';
import type { CooldownTracker } from '../routing/cooldown-tracker.js';
import type { RouteWarning } from '../routing/check-route-targets.js';
import type { Routes } from '../routing/default-routes.js';
import type { Redactor } from '../secrets/create-redactor.js';

export interface GatewayContext {
  config: AegisConfig;
  catalog: Catalog;
  providers: ReadonlyMap<string, Provider>;
  /** Every provider's configuration by id, as route planning reads it (built once per configuration). */
  planProviders: Readonly<Record<string, ResolvedProvider>>;
  routes: Routes;
  /** The configured routes' problems (check-route-targets.ts), found once per configuration. */
  routeWarnings: readonly RouteWarning[];
  ledger: Ledger;
  cooldown: CooldownTracker;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  logger: Logger;
  redact: Redactor;
  newId(): string;
}
