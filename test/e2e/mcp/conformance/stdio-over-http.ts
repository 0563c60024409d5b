import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface StdioOverHttp {
  /** `http://127.0.0.1:PORT/mcp` */
  url: string;
  /** What the stdio servers wrote to stderr, for a failure's message. */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * The conformance runner speaks Streamable HTTP only: this puts the stdio
 * server behind it. Each HTTP session is one `command` subprocess, and the
 * JSON-RPC messages are relayed as they are, both ways (the SDK's own
 * transports on either side), so what is checked is the stdio server's
 * answers. The HTTP layer is the SDK's, not aegis-llm's: scenarios about
 * HTTP itself (DNS rebinding, SSE streams) say nothing about stdio. One
 * session at a time: a new one ends the others.
 */
export async function startStdioOverHttp(command: string, args: string[], env: Record<string, string>): Promise<StdioOverHttp> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const open = new Set<StdioClientTransport>();
  let stderr = '';

  const server: Server = createServer((req, res) => {
    void (async () => {
      const header = req.headers['mcp-session-id'];
      const id = Array.isArray(header) ? header[0] : header;
      if (id !== undefined) {
        const session = sessions.get(id);
        if (session === undefined) res.writeHead(404).end();
        else await session.handleRequest(req, res);
        return;
      }
      // The runner's scenarios run one after another and never end their sessions:
      // a new session ends the older ones, so one subprocess runs at a time.
      await Promise.all([...open].map((older) => older.close()));
      const child = new StdioClientTransport({ command, args, env, stderr: 'pipe' });
      const http = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => void sessions.set(sid, http) });
      http.onmessage = (message) => void child.send(message);
      // A response finds its POST by its id; a notification goes on the GET stream.
      child.onmessage = (message) => void http.send(message).catch(() => undefined);
      http.onclose = () => {
        if (http.sessionId !== undefined) sessions.delete(http.sessionId);
        void child.close();
      };
      child.onclose = () => {
        open.delete(child);
        void http.close();
      };
      await child.start();
      open.add(child);
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await http.handleRequest(req, res);
      // Not an initialize request: the transport refused it, and no session needs the subprocess.
      if (http.sessionId === undefined) await child.close();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stderr: () => stderr,
    async close() {
      await Promise.all([...open].map((child) => child.close()));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
