/**
 * The admin page and its JSON API, mounted by `aegis-llm serve` next to /mcp.
 * (Placeholder until the admin issue lands: serves nothing yet.)
 */
import type { Express } from 'express';
import type { Gateway } from '@aegis-llm/core';

export interface AdminDeps {
  /** The live gateway (its verbs back every button). */
  gateway: Gateway;
  /** The server token: the admin login compares against it. */
  token: string;
  /** Path of the config file the admin page writes (atomically). */
  configFile: string;
  /** Applies a new configuration without a restart. */
  reconfigure(): Promise<void>;
}

export function mountAdmin(_app: Express, _deps: AdminDeps): void {}
