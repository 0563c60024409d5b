/**
 * What a credential contributes to a gateway configuration. Types only.
 */
export interface ProviderSetup {
  /** The provider's id in the configuration, the routing targets and the shared ledger. */
  providerId: string;
  /** The config file format (packages/core/src/config/schema.ts) minus `home`. */
  raw: Record<string, unknown>;
  /** Strings that must never reach an output, an error or a log: keys and header values. */
  secrets: string[];
  /** Model used when a node names none. */
  defaultModel?: string;
  /** What to check when the provider refuses the key, in the credential's words. */
  authHint?: string;
  /** The credential's data directory, when it sets one. */
  dataDir?: string;
}
