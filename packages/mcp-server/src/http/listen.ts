import { createServer, type Server } from 'node:http';
import type { Express } from 'express';

/**
 * How long a connection may hold the server without doing its part. Node's
 * defaults close no idle connection at all (one that never sends a byte is
 * kept forever) and give a slow-loris client 60 s for its headers, so 1,000
 * idle sockets and 200 slow ones were all held open.
 */
export interface ConnectionTimeouts {
  /** A connection that has sent no request yet (or is between requests, before keep-alive applies). @default 10000 */
  idleMs: number;
  /** Receiving a request's headers. @default 10000 */
  headersMs: number;
  /** Receiving a whole request, body included (a response may stream for long after: MCP's SSE answers do). @default 30000 */
  requestMs: number;
  /** An idle keep-alive connection after a response. @default 5000 */
  keepAliveMs: number;
}

export const DEFAULT_CONNECTION_TIMEOUTS: ConnectionTimeouts = { idleMs: 10_000, headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };

/** Starts listening; resolves with the bound port (0 picks a free one), rejects on EADDRINUSE and the like. */
export function listen(
  app: Express,
  port: number,
  host: string,
  timeouts: ConnectionTimeouts = DEFAULT_CONNECTION_TIMEOUTS,
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer(
      {
        headersTimeout: timeouts.headersMs,
        requestTimeout: timeouts.requestMs,
        keepAliveTimeout: timeouts.keepAliveMs,
        // Node checks the header and request deadlines on this interval (default 30 s).
        connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
      },
      app,
    );
    // The idle timer runs until a request arrives; a request's own socket timer
    // is off while it is served (an SSE answer can be silent for long), and
    // Node arms keep-alive's after the response.
    server.on('connection', (socket) => socket.setTimeout(timeouts.idleMs, () => socket.destroy()));
    server.on('request', (request) => request.socket.setTimeout(0));
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : port });
    });
    server.listen(port, host);
  });
}
