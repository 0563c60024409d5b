import type { Gateway } from '@aegis-llm/core';
import type { ClientKeyStore } from '../client-keys/create-client-key-store.js';
import type { ProviderTestView } from './api/api-types.js';
import type { ConfigEditor } from './config-file/create-config-editor.js';
import type { LoginThrottle } from './security/create-login-throttle.js';
import type { SessionStore } from './security/create-session-store.js';

/** What the API's handlers share: built once by mountAdmin. */
export interface AdminContext {
  gateway: Gateway;
  token: string;
  editor: ConfigEditor;
  env: NodeJS.ProcessEnv;
  sessions: SessionStore;
  throttle: LoginThrottle;
  /** Latest connection test per provider, run from the page (kept in memory). */
  tests: Map<string, ProviderTestView>;
  /** Client keys of the OpenAI-compatible endpoint. */
  clientKeys: ClientKeyStore;
  now: () => Date;
}
