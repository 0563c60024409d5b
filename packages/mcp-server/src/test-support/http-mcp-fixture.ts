import type { Server } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createClientKeyStore } from '../client-keys/create-client-key-store.js';
import { createHttpApp, type HttpAppOptions } from '../http/create-http-app.js';
import type { McpSessions } from '../http/create-mcp-sessions.js';
import { listen } from '../http/listen.js';
import { memoryLogger, type McpFixture } from './mcp-fixture.js';
import { MCP_HEADERS } from './raw-request.js';

export interface HttpMcpFixture {
  port: number;
  token: string;
  sessions: McpSessions;
  url: URL;
  /** Headers of a raw POST with the token (rawRequest, fetch). */
  headers: Record<string, string>;
  /** An SDK client over Streamable HTTP with the token (or `token`), connected. */
  connect(options?: { name?: string; token?: string; setUp?: (client: Client) => void }): Promise<{ client: Client; transport: StreamableHTTPClientTransport }>;
  close(): Promise<void>;
}

/**
 * The app of `aegis-llm serve` (MCP at /mcp, the admin page, /v1) over a
 * gateway fixture, listening on 127.0.0.1, and SDK clients for it: the set-up
 * every HTTP test of the server shares.
 */
export async function startHttpMcp(
  f: McpFixture,
  options: { token?: string } & Partial<Pick<HttpAppOptions, 'maxBodyBytes' | 'reconfigure' | 'sessions'>> = {},
): Promise<HttpMcpFixture> {
  const token = options.token ?? 'test-token-http-0123456789';
  const http = createHttpApp({
    gateway: f.gateway,
    token,
    host: '127.0.0.1',
    configFile: '/nonexistent/aegis-llm.config.json',
    reconfigure: options.reconfigure ?? (async () => undefined),
    logger: memoryLogger(f.logs),
    clientKeys: createClientKeyStore(f.home),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.sessions === undefined ? {} : { sessions: options.sessions }),
  });
  const { server, port }: { server: Server; port: number } = await listen(http.app, 0, '127.0.0.1');
  const url = new URL(`http://127.0.0.1:${port}/mcp`);
  const clients: Client[] = [];
  return {
    port,
    token,
    sessions: http.sessions,
    url,
    headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
    async connect(connectOptions = {}) {
      const client = new Client({ name: connectOptions.name ?? 'http-test', version: '0' });
      connectOptions.setUp?.(client);
      const transport = new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { Authorization: `Bearer ${connectOptions.token ?? token}` } },
      });
      await client.connect(transport);
      clients.push(client);
      return { client, transport };
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await http.sessions.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
