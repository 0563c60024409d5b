import type { AegisConfig, Gateway, Logger } from '@aegis-llm/core';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { ConfigPaths } from '../admin/config-file/validate-config-file.js';
import { mountAdmin } from '../admin/mount-admin.js';
import type { ClientKeyStore } from '../client-keys/create-client-key-store.js';
import { mountOpenAiApi } from '../openai-api/mount-openai-api.js';
import { createServer } from '../server/create-server.js';
import type { ServerDeps } from '../server/server-deps.js';
import { allowedHosts } from './allowed-hosts.js';
import { createMcpSessions, type McpSessions, type McpSessionsOptions } from './create-mcp-sessions.js';
import { guardHostAndOrigin } from './guard-host-origin.js';
import { requireBearer } from './require-bearer.js';
import { sendJsonRpcError } from './send-json-rpc-error.js';

/** 8 MiB: room for a few images as data URLs (base64 adds a third), far below anything that strains memory. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface HttpAppOptions {
  gateway: Gateway;
  /** Bearer token required on /mcp; also the admin page's login secret. */
  token: string;
  /** The address the server binds; decides the allowed Host names. */
  host: string;
  /** More Host names to answer to (a server reached by name). */
  extraHosts?: string[];
  /** Browser origins other than the server's own that may call it. */
  allowedOrigins?: string[];
  /** @default DEFAULT_MAX_BODY_BYTES */
  maxBodyBytes?: number;
  /** The config file the admin page writes. */
  configFile: string;
  /** Applies the configuration an admin save validated (file + environment, parsed once) to the gateway. */
  reconfigure(config: AegisConfig): Promise<void>;
  /** Where relative and `~` paths in the config file are read from, as at start-up. */
  configPaths?: ConfigPaths;
  /** The environment the configuration is loaded with (the admin page validates edits against it). */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  /** Client keys for the OpenAI-compatible endpoint at /v1 (the token is accepted there too, as an admin key). */
  clientKeys: ClientKeyStore;
  server?: Omit<ServerDeps, 'gateway' | 'logger'>;
  /** Limits of the MCP sessions (defaults in create-mcp-sessions.ts). */
  sessions?: Pick<McpSessionsOptions, 'maxSessions' | 'idleMs' | 'leftGraceMs'>;
}

/**
 * The HTTP face: Host/Origin checks on everything, then Streamable HTTP MCP
 * at /mcp behind the bearer token and a body size limit, the OpenAI-compatible
 * endpoint at /v1 (client keys or the token), then the admin page.
 */
export function createHttpApp(options: HttpAppOptions): { app: Express; sessions: McpSessions } {
  const { gateway, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const hosts = allowedHosts(options.host, options.extraHosts);
  app.use(guardHostAndOrigin({ allowedHosts: hosts, allowedOrigins: options.allowedOrigins }));

  const sessions = createMcpSessions({ newServer: () => createServer({ gateway, logger, ...options.server }), logger, ...options.sessions });
  // Every body is read through the limit, whatever its Content-Type claims; the transport rejects non-JSON types itself.
  const body = express.json({ limit: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, type: () => true });
  app.all('/mcp', requireBearer(options.token), body, (req, res, next) => {
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') {
      res.set('Allow', 'GET, POST, DELETE');
      sendJsonRpcError(res, 405, 'Method not allowed.');
      return;
    }
    sessions.handle(req, res).catch(next);
  });

  mountOpenAiApi(app, {
    gateway,
    token: options.token,
    keys: options.clientKeys,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    corsOrigins: options.allowedOrigins ?? [],
    logger,
  });
  mountAdmin(app, {
    gateway,
    token: options.token,
    configFile: options.configFile,
    reconfigure: options.reconfigure,
    ...(options.configPaths === undefined ? {} : { paths: options.configPaths }),
    allowedHosts: hosts,
    env: options.env,
    clientKeys: options.clientKeys,
  });
  app.use(errorHandler(logger));
  return { app, sessions };
}

/** Errors as JSON without stack traces (Express's default page shows them outside production). */
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: { type?: string; status?: number; message?: string }, _req, res, _next) => {
    if (res.headersSent) return;
    if (error.type === 'entity.too.large') return sendJsonRpcError(res, 413, 'Payload too large: the request body exceeds the server limit.');
    if (error.type === 'entity.parse.failed') return sendJsonRpcError(res, 400, 'Parse error: the body is not valid JSON.', -32700);
    if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) return sendJsonRpcError(res, error.status, 'Bad request.');
    logger.error('HTTP request failed', { error: error.message ?? String(error) });
    sendJsonRpcError(res, 500, 'Internal server error.', -32603);
  };
}
