import { createServer, request, type Server } from 'node:http';

export interface BearerProxy {
  /** `http://127.0.0.1:PORT/mcp` */
  url: string;
  close(): Promise<void>;
}

/**
 * A transparent HTTP proxy to `target` that adds `Authorization: Bearer
 * <token>` to every request: the conformance runner's client sends no token,
 * and `aegis-llm serve` refuses a request without one. Everything else goes
 * through as sent (the Host and Origin headers too, so the server's own DNS
 * rebinding checks see what the client sent), and responses, SSE streams
 * included, are piped back as they come.
 */
export async function startBearerProxy(target: URL, token: string): Promise<BearerProxy> {
  const server: Server = createServer((req, res) => {
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, authorization: `Bearer ${token}` } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    // A client that hangs up (an SSE stream it is done with) hangs up upstream too.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
