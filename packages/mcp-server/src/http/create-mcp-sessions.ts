import { randomUUID } from 'node:crypto';
import type { Logger } from '@aegis-llm/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Request, Response } from 'express';
import { sendJsonRpcError } from './send-json-rpc-error.js';

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  seen: number;
}

export interface McpSessionsOptions {
  /** A fresh MCP server for each session (all over the one gateway). */
  newServer(): McpServer;
  logger: Logger;
  /** @default 100 */
  maxSessions?: number;
  /** A session unused this long is closed. @default 30 minutes */
  idleMs?: number;
  now?: () => number;
}

export interface McpSessions {
  /** Express handler for POST, GET and DELETE on /mcp. */
  handle(req: Request, res: Response): Promise<void>;
  size(): number;
  close(): Promise<void>;
}

/**
 * Session-based Streamable HTTP: each client's `initialize` opens a session
 * with its own McpServer and transport. Sessions, not stateless mode, because
 * a client's `notifications/cancelled` arrives in a separate POST and must
 * reach the server instance running the call, so that cancelling a chat
 * aborts its upstream request. Idle sessions are closed, and their number is
 * capped, so forgotten clients cannot pile up.
 */
export function createMcpSessions(options: McpSessionsOptions): McpSessions {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const maxSessions = options.maxSessions ?? 100;
  const idleMs = options.idleMs ?? 30 * 60_000;
  const sessions = new Map<string, Session>();

  const closeSession = async (id: string, session: Session) => {
    sessions.delete(id);
    await session.server.close().catch((error: unknown) => logger.warn('closing an MCP session failed', { error: String(error) }));
  };

  const sweep = async () => {
    const cutoff = now() - idleMs;
    await Promise.all([...sessions].filter(([, s]) => s.seen < cutoff).map(([id, s]) => closeSession(id, s)));
  };
  const timer = setInterval(() => void sweep(), Math.min(idleMs, 60_000));
  timer.unref();

  const open = async (req: Request, res: Response) => {
    await sweep();
    if (sessions.size >= maxSessions) {
      sendJsonRpcError(res, 503, `Too many open MCP sessions (${maxSessions}); close one (DELETE /mcp) or try later.`);
      return;
    }
    const server = options.newServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, seen: now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };

  return {
    async handle(req, res) {
      const header = req.headers['mcp-session-id'];
      const id = Array.isArray(header) ? header[0] : header;
      if (id === undefined) {
        if (req.method === 'POST' && isInitializeRequest(req.body)) return open(req, res);
        return sendJsonRpcError(res, 400, 'Bad Request: no Mcp-Session-Id header; start with an initialize request.');
      }
      const session = sessions.get(id);
      if (!session) return sendJsonRpcError(res, 404, 'Session not found (it expired or the server restarted): initialize again.', -32001);
      session.seen = now();
      cancelOnDisconnect(session.transport, req, res);
      await session.transport.handleRequest(req, res, req.body);
    },
    size: () => sessions.size,
    async close() {
      clearInterval(timer);
      await Promise.all([...sessions].map(([id, s]) => closeSession(id, s)));
    },
  };
}

/**
 * A client that drops its POST (closed the tab, killed the process, lost the
 * network) without `notifications/cancelled` is cancelled for it: its calls
 * would otherwise run to the end with nobody to receive the answer, the
 * upstream streaming and billing on. The cancellation goes through the
 * server's own handling, so the chat tool aborts the upstream and the core
 * charges what was delivered, exactly as for a client that cancels.
 */
function cancelOnDisconnect(transport: StreamableHTTPServerTransport, req: Request, res: Response): void {
  if (req.method !== 'POST') return;
  const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
  const ids = messages
    .filter((m): m is { id: string | number; method: string } => typeof m === 'object' && m !== null && 'method' in m && 'id' in m)
    .map((m) => m.id);
  if (ids.length === 0) return;
  res.on('close', () => {
    if (res.writableFinished) return;
    for (const requestId of ids) {
      transport.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: 'The client disconnected.' } });
    }
  });
}
