import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from './listen.js';

const TIMEOUTS = { idleMs: 400, headersMs: 400, requestMs: 800, keepAliveMs: 300 };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function start(): Promise<number> {
  const app = express();
  app.get('/slow', (_req, res) => {
    // A silent stretch longer than every timeout, as an SSE answer may have.
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': open\n\n');
    setTimeout(() => res.end('data: done\n\n'), 1_500);
  });
  const bound = await listen(app, 0, '127.0.0.1', TIMEOUTS);
  server = bound.server;
  return bound.port;
}

/** Connects and resolves with the ms until the server closed the socket (or `limitMs`, if it did not). */
function closedAfter(port: number, act: (socket: Socket) => void, limitMs = 4_000): Promise<{ ms: number; data: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let data = '';
    const socket = connect(port, '127.0.0.1', () => act(socket));
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('error', () => undefined);
    const limit = setTimeout(() => {
      socket.destroy();
      resolve({ ms: limitMs, data });
    }, limitMs);
    socket.on('close', () => {
      clearTimeout(limit);
      resolve({ ms: performance.now() - started, data });
    });
  });
}

describe('listen: connection timeouts', () => {
  it('closes a connection that never sends a request', async () => {
    const port = await start();
    const { ms } = await closedAfter(port, () => undefined);
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(2_500);
  });

  it('closes a slow-loris connection that keeps sending header lines', async () => {
    const port = await start();
    const { ms } = await closedAfter(port, (socket) => {
      socket.write('GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const drip = setInterval(() => socket.writable && socket.write('X-Drip: 1\r\n'), 100);
      socket.on('close', () => clearInterval(drip));
    });
    expect(ms).toBeLessThan(2_500);
  });

  it('keeps a request whose answer is silent for longer than every timeout, then closes the idle connection', async () => {
    const port = await start();
    const { ms, data } = await closedAfter(port, (socket) => socket.write('GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    expect(data).toContain('data: done');
    expect(ms).toBeGreaterThanOrEqual(1_500);
    expect(ms).toBeLessThan(3_900);
  });
});
