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
  /** Requests (POSTs with an id) not answered yet. */
  inFlight: number;
  /** The client's open GET stream (its standing connection), if any. */
  stream: Response | undefined;
  /** The client has opened a GET stream: from then on its closing means the client left. */
  streamed: boolean;
  /** Set while the session waits to be closed because its client left. */
  leaving: ReturnType<typeof setTimeout> | undefined;
}

export interface McpSessionsOptions {
  /** A fresh MCP server for each session (all over the one gateway). */
  newServer(): McpServer;
  logger: Logger;
  /** @default 100 */
  maxSessions?: number;
  /** A session unused this long is closed. @default 30 minutes */
  idleMs?: number;
  /**
   * How long a session outlives the close of its client's GET stream (the
   * client closed its transport), so a client that reconnects at once keeps
   * it. @default 5000
   */
  leftGraceMs?: number;
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
 * aborts its upstream request.
 *
 * Forgotten clients cannot pile up (issue 20): a session is freed when its
 * transport closes (DELETE), soon after its client's GET stream closes with
 * no call running (an SDK client's `close()` drops the stream but sends no
 * DELETE; one that comes back later gets 404 and, as the spec asks,
 * initializes again), after `idleMs` unused, and, when `maxSessions` are
 * open, the longest-unused idle session makes room for a new client: only
 * sessions that are all running a call refuse one (503).
 */
export function createMcpSessions(options: McpSessionsOptions): McpSessions {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const maxSessions = options.maxSessions ?? 100;
  const idleMs = options.idleMs ?? 30 * 60_000;
  const leftGraceMs = options.leftGraceMs ?? 5_000;
  const sessions = new Map<string, Session>();

  const closeSession = async (id: string, session: Session) => {
    if (session.leaving !== undefined) clearTimeout(session.leaving);
    sessions.delete(id);
    await session.server.close().catch((error: unknown) => logger.warn('closing an MCP session failed', { error: String(error) }));
  };

  const sweep = async () => {
    const cutoff = now() - idleMs;
    await Promise.all([...sessions].filter(([, s]) => s.seen < cutoff && s.inFlight === 0).map(([id, s]) => closeSession(id, s)));
  };
  const timer = setInterval(() => void sweep(), Math.min(idleMs, 60_000));
  timer.unref();

  /** Its client left (no stream) and no call runs: close it after the grace. */
  const closeIfLeft = (id: string, session: Session) => {
    if (session.stream !== undefined || session.inFlight > 0 || session.leaving !== undefined || !sessions.has(id)) return;
    session.leaving = setTimeout(() => void closeSession(id, session), leftGraceMs);
    session.leaving.unref();
  };
  const stay = (session: Session) => {
    if (session.leaving !== undefined) clearTimeout(session.leaving);
    session.leaving = undefined;
  };

  /** The idle session unused the longest (one whose client left first), to make room. */
  const evictable = (): [string, Session] | undefined =>
    [...sessions]
      .filter(([, s]) => s.inFlight === 0)
      .sort(([, a], [, b]) => Number(b.leaving !== undefined) - Number(a.leaving !== undefined) || a.seen - b.seen)[0];

  const open = async (req: Request, res: Response) => {
    await sweep();
    if (sessions.size >= maxSessions) {
      const victim = evictable();
      if (victim === undefined) {
        sendJsonRpcError(res, 503, `Too many MCP sessions running calls (${maxSessions}); try later.`);
        return;
      }
      logger.info('MCP sessions: closing the longest-unused session to make room', { maxSessions });
      await closeSession(...victim);
    }
    const server = options.newServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, seen: now(), inFlight: 0, stream: undefined, streamed: false, leaving: undefined });
      },
    });
    transport.onclose = () => {
      const id = transport.sessionId;
      const session = id === undefined ? undefined : sessions.get(id);
      if (id !== undefined && session?.transport === transport) {
        stay(session);
        sessions.delete(id);
      }
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
      stay(session);
      // A second GET while one is open is refused by the transport (409): keep watching the first.
      if (req.method === 'GET' && session.stream === undefined) {
        session.stream = res;
        session.streamed = true;
        res.on('close', () => {
          if (session.stream !== res) return;
          session.stream = undefined;
          closeIfLeft(id, session);
        });
      }
      if (req.method === 'POST' && requestIds(req).length > 0) {
        session.inFlight += 1;
        res.on('close', () => {
          session.inFlight -= 1;
          session.seen = now();
          // A client that never opened a stream is not judged gone by its absence.
          if (session.streamed) closeIfLeft(id, session);
        });
      }
      cancelOnDisconnect(session.transport, req, res);
      await session.transport.handleRequest(req, res, req.body);
      // A notification from a client whose stream is gone: still gone.
      if (req.method === 'POST' && session.streamed) closeIfLeft(id, session);
    },
    size: () => sessions.size,
    async close() {
      clearInterval(timer);
      await Promise.all([...sessions].map(([id, s]) => closeSession(id, s)));
    },
  };
}

/** The ids of the requests (not notifications or responses) in a POST's body. */
function requestIds(req: Request): Array<string | number> {
  const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
  return messages
    .filter((m): m is { id: string | number; method: string } => typeof m === 'object' && m !== null && 'method' in m && 'id' in m)
    .map((m) => m.id);
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
  const ids = requestIds(req);
  if (ids.length === 0) return;
  res.on('close', () => {
    if (res.writableFinished) return;
    for (const requestId of ids) {
      transport.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: 'The client disconnected.' } });
    }
  });
}
