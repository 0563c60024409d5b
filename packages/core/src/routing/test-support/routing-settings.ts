import { DEFAULT_ROUTING } from '../../config/default-routing.js';
import type { RoutingSettings } from '../../config/types.js';

/** The documented defaults of RoutingSettings, with overrides. */
export function routingSettings(overrides: Partial<RoutingSettings> = {}): RoutingSettings {
  return { ...DEFAULT_ROUTING, cooldown: { ...DEFAULT_ROUTING.cooldown }, ...overrides };
}
