import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { BoundedStdioTransport } from './bounded-stdio-transport.js';

function setUp(maxMessageBytes = 1024) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const warnings: string[] = [];
  const logger = { info: () => undefined, error: () => undefined, warn: (message: string) => void warnings.push(message) };
  const transport = new BoundedStdioTransport({ stdin, stdout, logger, maxMessageBytes });
  const received: JSONRPCMessage[] = [];
  transport.onmessage = (message) => void received.push(message);
  let closed = false;
  transport.onclose = () => void (closed = true);
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const replies = () =>
    out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { id: unknown; error?: { code: number; message: string } });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { stdin, transport, received, replies, warnings, settle, closed: () => closed };
}

const request = (id: number, extra = '') => `{"jsonrpc":"2.0","id":${id},"method":"tools/list","params":{${extra}}}\n`;

describe('BoundedStdioTransport', () => {
  it('delivers messages split across chunks and several per chunk', async () => {
    const t = setUp();
    await t.transport.start();
    const two = request(1) + request(2);
    t.stdin.write(two.slice(0, 10));
    t.stdin.write(two.slice(10, 70));
    t.stdin.write(two.slice(70));
    await t.settle();
    expect(t.received.map((m) => (m as { id: number }).id)).toEqual([1, 2]);
  });

  it('answers an oversized message with Invalid Request for its id, and keeps serving', async () => {
    const t = setUp(1024);
    await t.transport.start();
    const big = 'x'.repeat(5000);
    // id first (as most clients write it), then id last (as the MCP SDK's client does).
    t.stdin.write(request(7, `"text":"${big}"`));
    t.stdin.write(`{"method":"tools/call","params":{"text":"${big}"},"jsonrpc":"2.0","id":"abc"}\n`);
    // Streamed in small pieces, never buffered whole.
    const pieces = `{"method":"tools/call","params":{"text":"${big}${big}"}}\n`.match(/.{1,700}/gs) ?? [];
    for (const piece of pieces) t.stdin.write(piece);
    t.stdin.write(request(8));
    await t.settle();
    expect(t.replies()).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32600, message: expect.stringContaining('Message too large') } },
      { jsonrpc: '2.0', id: 'abc', error: { code: -32600, message: expect.stringContaining('over the 1024-byte limit') } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringContaining('Message too large') } },
    ]);
    expect(t.received.map((m) => (m as { id: number }).id)).toEqual([8]);
    expect(t.warnings).toHaveLength(3);
    expect(t.closed()).toBe(false);
  });

  it('answers a line that is not JSON with Parse error, and one that is not JSON-RPC with Invalid Request', async () => {
    const t = setUp();
    await t.transport.start();
    t.stdin.write('{"jsonrpc": nope\n');
    t.stdin.write('{"id":3,"hello":true}\n');
    t.stdin.write('\r\n\n');
    t.stdin.write(request(4));
    await t.settle();
    expect(t.replies()).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: expect.stringContaining('Parse error') } },
      { jsonrpc: '2.0', id: 3, error: { code: -32600, message: expect.stringContaining('Invalid Request') } },
    ]);
    expect(t.received.map((m) => (m as { id: number }).id)).toEqual([4]);
  });

  it('close stops reading and reports it', async () => {
    const t = setUp();
    await t.transport.start();
    await t.transport.close();
    t.stdin.write(request(1));
    await t.settle();
    expect(t.received).toEqual([]);
    expect(t.closed()).toBe(true);
  });
});
