/**
 * The admin page and its JSON API, mounted by `aegis-llm serve` next to /mcp:
 * the page at `/` (and `/admin`), its assets under `/admin/assets/`, the API
 * under `/admin/api/`. Every route checks Host and Origin; the API needs a
 * session from a login with the server token, and the CSRF token on writes.
 */
import type { Express } from 'express';
import type { AegisConfig, Gateway } from '@aegis-llm/core';
import { createClientKeyStore, type ClientKeyStore } from '../client-keys/create-client-key-store.js';
import type { AdminContext } from './admin-context.js';
import { createApiRouter } from './api/create-api-router.js';
import { createUiAssets, type UiAssets } from './assets/create-ui-assets.js';
import { uiHandlers } from './assets/ui-routes.js';
import { createConfigEditor } from './config-file/create-config-editor.js';
import type { ReadConfigText } from './config-file/read-config-file.js';
import { watchConfigFile, type ConfigWatch } from './config-file/watch-config-file.js';
import type { ConfigPaths } from './config-file/validate-config-file.js';
import { createLoginThrottle } from './security/create-login-throttle.js';
import { createSessionStore } from './security/create-session-store.js';
import { guardRequest } from './security/guard-request.js';
import { securityHeaders } from './security/security-headers.js';

export interface AdminDeps {
  /** The live gateway (its verbs back every button). */
  gateway: Gateway;
  /** The server token: the admin login compares against it. */
  token: string;
  /** Path of the config file the admin page writes (atomically). */
  configFile: string;
  /** Applies a new configuration (the file as saved, parsed with the environment) without a restart. */
  reconfigure(config: AegisConfig): Promise<void>;
  /** Where relative and `~` paths in the config file are read from, as at start-up. */
  paths?: ConfigPaths;
  /**
   * The environment the configuration is read with: edits are validated
   * against it, and the page shows which variables override the file.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Host names accepted besides the loopback ones (127.0.0.1, localhost,
   * [::1]): the names the server is reached by when bound beyond loopback.
   * @default []
   */
  allowedHosts?: string[];
  /** Client keys of the OpenAI-compatible endpoint. @default the store in the gateway's home */
  clientKeys?: ClientKeyStore;
  /** Where the browser app comes from. @default built from admin-ui/ in a checkout, else dist/admin-ui */
  assets?: UiAssets;
  /** Apply hand edits of the config file as they happen (watch-config-file.ts). @default true */
  watchConfigFile?: boolean;
  /** Reads the config file's text; tests count a save's reads with it. @default fs/promises readFile */
  readConfigText?: ReadConfigText;
}

/** Returns the config file's watch (undefined when off or not possible): close it to stop watching. */
export function mountAdmin(app: Express, deps: AdminDeps): ConfigWatch | undefined {
  const env = deps.env ?? process.env;
  const ctx: AdminContext = {
    gateway: deps.gateway,
    token: deps.token,
    env,
    editor: createConfigEditor({
      file: deps.configFile,
      env,
      reconfigure: deps.reconfigure,
      ...(deps.paths === undefined ? {} : { paths: deps.paths }),
      ...(deps.readConfigText === undefined ? {} : { readText: deps.readConfigText }),
    }),
    sessions: createSessionStore(),
    throttle: createLoginThrottle(),
    tests: new Map(),
    clientKeys: deps.clientKeys ?? createClientKeyStore(deps.gateway.config.home),
    now: () => new Date(),
  };
  const guards = [guardRequest(deps.allowedHosts ?? []), securityHeaders()];
  app.use('/admin/api', ...guards, createApiRouter(ctx));
  const ui = uiHandlers(deps.assets ?? createUiAssets());
  app.get(['/', '/admin'], ...guards, ui.page);
  app.get('/admin/assets/app.js', ...guards, ui.script);
  app.get('/admin/assets/app.css', ...guards, ui.stylesheet);
  if (deps.watchConfigFile === false) return undefined;
  return watchConfigFile(ctx.editor, {
    onError: (error) => console.error(`[aegis-llm admin] watching ${deps.configFile} stopped: ${error instanceof Error ? error.message : String(error)}`),
  });
}
