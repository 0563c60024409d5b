/**
 * What a credential contributes to a gateway configuration. Types only.
 */
import type { ConfigFile } from '@aegis-llm/core';

export interface ProviderSetup {
  /** The provider's id in the configuration, the routing targets and the shared ledger. */
  providerId: string;
  /** In the config file's format (the core's ConfigFile), as if written in a file. */
  raw: ConfigFile;
  /** Strings that must never reach an output, an error or a log: keys and header values. */
  secrets: string[];
  /** Model used when a node names none. */
  defaultModel?: string;
  /** What to check when the provider refuses the key, in the credential's words. */
  authHint?: string;
  /** The credential's data directory, when it sets one. */
  dataDir?: string;
  /** The credential's shared store (a Redis URL, or `embedded`), when it sets one. May hold a password: in `secrets`. */
  storeUrl?: string;
}
