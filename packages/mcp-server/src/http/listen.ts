import type { Server } from 'node:http';
import type { Express } from 'express';

/** Starts listening; resolves with the bound port (0 picks a free one), rejects on EADDRINUSE and the like. */
export function listen(app: Express, port: number, host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : port });
    });
  });
}
