import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { dashscopeErrors, startSimulator, type Simulator } from '@aegis-llm/simulator';
import OpenAI, { APIConnectionError, APIError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startGatewayFixture } from '../test-support/gateway-fixture.js';
import { createUpstreamTransport, type UpstreamTransport } from './create-upstream-transport.js';
import { UpstreamConnectionError } from './upstream-connection-error.js';

const KEY = 'sk-transport-test';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function simulator(): Promise<Simulator> {
  const sim = await startSimulator({ apiKey: KEY });
  cleanups.push(() => sim.close());
  return sim;
}

function transport(env: NodeJS.ProcessEnv = {}): UpstreamTransport {
  const t = createUpstreamTransport({ env });
  cleanups.push(() => t.close());
  return t;
}

function sdk(baseURL: string, fetch: typeof globalThis.fetch): OpenAI {
  return new OpenAI({ apiKey: KEY, baseURL, fetch, maxRetries: 0, logLevel: 'off' });
}

/** A plain HTTP server on 127.0.0.1 that counts its connections. */
async function server(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; connections(): number; server: Server }> {
  let connections = 0;
  const s = createServer(handler);
  s.on('connection', () => (connections += 1));
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  cleanups.push(async () => {
    s.closeAllConnections();
    s.close();
  });
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, connections: () => connections, server: s };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const piece of req) text += String(piece);
  return text;
}

const ask = { model: 'qwen-plus', messages: [{ role: 'user' as const, content: 'Say hello' }] };

describe('createUpstreamTransport, through the openai SDK', () => {
  it('carries a chat answer: the key is sent, the answer and its request id read', async () => {
    const sim = await simulator();
    sim.script({ text: 'Hello there' });
    const answer = await sdk(sim.baseURL, transport().fetch).chat.completions.create(ask);
    expect(answer.choices[0]?.message.content).toBe('Hello there');
    expect(answer._request_id).toMatch(/.+/);
    expect(sim.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sim.requests.at(-1)?.body).toMatchObject({ model: 'qwen-plus' });
  });

  it('carries a stream, chunk by chunk, to [DONE]', async () => {
    const sim = await simulator();
    sim.script({ text: 'one two three four', chunks: 4 });
    const stream = await sdk(sim.baseURL, transport().fetch).chat.completions.create({ ...ask, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three four');
  });

  it('an error status is the SDK APIError with the upstream body, request id and headers', async () => {
    const sim = await simulator();
    sim.script({ fault: { ...dashscopeErrors.rateQuota, headers: { 'retry-after-ms': '250' } } });
    const error = await sdk(sim.baseURL, transport().fetch)
      .chat.completions.create(ask)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    const apiError = error as APIError;
    expect(apiError.status).toBe(429);
    expect(apiError.message).toContain('Requests rate limit exceeded');
    expect(apiError.headers?.get('retry-after-ms')).toBe('250');
    expect(apiError.requestID).toMatch(/.+/);
  });

  it('a refused connection fails as it does through the global fetch', async () => {
    const closed = await server(() => undefined);
    closed.server.close();
    await once(closed.server, 'close');
    const through = async (fetch: typeof globalThis.fetch) => {
      const error = await sdk(`${closed.url}/v1`, fetch)
        .chat.completions.create(ask)
        .catch((e: unknown) => e);
      const cause = (error as { cause?: { name?: string; message?: string; cause?: { code?: string } } }).cause;
      return { sdkError: error instanceof APIConnectionError, name: cause?.name, message: cause?.message, code: cause?.cause?.code };
    };
    const ours = await through(transport().fetch);
    expect(ours).toEqual({ sdkError: true, name: 'TypeError', message: 'fetch failed', code: 'ECONNREFUSED' });
    expect(ours).toEqual(await through(globalThis.fetch));
  });

  it('an abort mid-stream ends the stream as through the global fetch, and frees the upstream', async () => {
    const sim = await simulator();
    const through = async (fetch: typeof globalThis.fetch) => {
      sim.script({ chunks: 50, chunkIntervalMs: 20 });
      const controller = new AbortController();
      const stream = await sdk(sim.baseURL, fetch).chat.completions.create({ ...ask, stream: true }, { signal: controller.signal });
      let chunks = 0;
      const ended = await (async () => {
        for await (const chunk of stream) {
          chunks += 1;
          if (chunk.choices[0]?.delta.content) controller.abort();
        }
        return 'ended';
      })().catch((e: unknown) => (e as Error).name);
      await expect.poll(() => sim.inFlight(), { timeout: 2_000 }).toBe(0);
      return { ended, chunks, aborted: sim.requests.at(-1)?.aborted };
    };
    const ours = await through(transport().fetch);
    expect(ours.aborted).toBe(true);
    expect(ours.chunks).toBeLessThan(5);
    expect(ours).toEqual(await through(globalThis.fetch));
  });
});

describe('createUpstreamTransport, as HTTP', () => {
  it('keeps connections alive across requests', async () => {
    const s = await server((_req, res) => res.end('{}'));
    const t = transport();
    for (let i = 0; i < 20; i++) expect(await (await t.fetch(`${s.url}/x`)).text()).toBe('{}');
    // undici (the global fetch too) may open a second socket while the first answer's end is parsed.
    expect(s.connections()).toBeLessThanOrEqual(2);
  });

  it('follows a redirect with the method and body, as fetch does for 307', async () => {
    const s = await server(async (req, res) => {
      if (req.url === '/old') {
        res.writeHead(307, { location: '/new' }).end();
        return;
      }
      res.end(`${req.method} ${req.url} ${await bodyOf(req)}`);
    });
    const response = await transport().fetch(`${s.url}/old`, { method: 'POST', body: 'payload' });
    expect(await response.text()).toBe('POST /new payload');
  });

  it('goes through HTTP_PROXY, and not for a NO_PROXY host', async () => {
    const upstream = await server((_req, res) => res.end('direct'));
    const seen: string[] = [];
    // A forward proxy: undici opens a CONNECT tunnel to the upstream through it.
    const proxy = await server((_req, res) => res.writeHead(405).end());
    proxy.server.on('connect', (req: IncomingMessage, client: import('node:net').Socket, head: Buffer) => {
      seen.push(String(req.url));
      const [host, port] = String(req.url).split(':');
      const tunnel = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        tunnel.write(head);
        tunnel.pipe(client).pipe(tunnel);
      });
      tunnel.on('error', () => client.destroy());
      client.on('error', () => tunnel.destroy());
    });
    const proxied = transport({ HTTP_PROXY: proxy.url });
    expect(await (await proxied.fetch(`${upstream.url}/via`)).text()).toBe('direct');
    expect(seen).toEqual([new URL(upstream.url).host]);

    const bypassed = transport({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    expect(await (await bypassed.fetch(`${upstream.url}/not-via`)).text()).toBe('direct');
    expect(seen).toHaveLength(1);
  });

  it('hands a body it does not carry (a form upload) to the global fetch', async () => {
    const s = await server(async (req, res) => res.end(`${String(req.headers['content-type'])}|${await bodyOf(req)}`));
    const form = new FormData();
    form.set('purpose', 'batch');
    const text = await (await transport().fetch(`${s.url}/files`, { method: 'POST', body: form })).text();
    expect(text).toMatch(/^multipart\/form-data; boundary=/);
    expect(text).toContain('name="purpose"');
  });

  it('after close, a call fails as an unreachable upstream', async () => {
    const s = await server((_req, res) => res.end('{}'));
    const t = createUpstreamTransport({ env: {} });
    expect((await t.fetch(`${s.url}/x`)).status).toBe(200);
    await t.close();
    await expect(t.fetch(`${s.url}/x`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });
});

describe("createUpstreamTransport, send (the core's own exchange)", () => {
  it('sends the method, headers and body, and answers with the status, headers and the body unread', async () => {
    const s = await server(async (req, res) => {
      res.writeHead(201, { 'x-request-id': 'req-7' }).end(`${req.method} ${req.url} ${String(req.headers.authorization)} ${await bodyOf(req)}`);
    });
    const reply = await transport().send({ url: `${s.url}/v1/x`, method: 'POST', headers: { authorization: 'Bearer k' }, body: '{"a":1}' });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('X-Request-Id')).toBe('req-7');
    expect(await reply.text()).toBe('POST /v1/x Bearer k {"a":1}');
  });

  it('a refused connection rejects with an UpstreamConnectionError, its cause the socket error', async () => {
    const error = await transport()
      .send({ url: 'http://127.0.0.1:9/x', method: 'GET', headers: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamConnectionError);
    expect((error as Error).message).toBe('fetch failed');
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it("an abort rejects with the signal's reason, before or during the wait for the answer", async () => {
    const s = await server(() => undefined);
    const t = transport();
    const before = new AbortController();
    const early = new Error('early');
    before.abort(early);
    await expect(t.send({ url: `${s.url}/x`, method: 'GET', headers: {}, signal: before.signal })).rejects.toBe(early);
    const during = new AbortController();
    const late = new Error('late');
    const pending = t.send({ url: `${s.url}/x`, method: 'GET', headers: {}, signal: during.signal });
    setTimeout(() => during.abort(late), 50);
    await expect(pending).rejects.toBe(late);
  });

  it('after close, a call fails as an unreachable upstream', async () => {
    const t = createUpstreamTransport({ env: {} });
    await t.close();
    await expect(t.send({ url: 'http://127.0.0.1:9/x', method: 'GET', headers: {} })).rejects.toBeInstanceOf(UpstreamConnectionError);
  });
});

describe('the gateway over the upstream transport', () => {
  it('keeps its connections across calls, streams ended at [DONE] included, and closes them with the gateway', async () => {
    const fx = await startGatewayFixture();
    cleanups.push(() => fx.close());
    for (let i = 0; i < 10; i++) {
      expect((await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: `one answer ${i}` })).text).not.toBe('');
      let text = '';
      for await (const event of fx.gateway.stream({ model: 'dashscope/qwen-plus', prompt: `a stream ${i}` })) {
        if (event.type === 'text-delta') text += event.delta;
      }
      expect(text).not.toBe('');
    }
    expect(fx.sim.requests.filter((r) => r.aborted)).toHaveLength(0);
    // 20 calls; undici may open a second socket while an answer's end is parsed.
    expect(fx.sim.connectionsAccepted()).toBeLessThanOrEqual(3);
    await fx.gateway.close();
    await expect.poll(() => fx.sim.openConnections(), { timeout: 2_000 }).toBe(0);
  });
});
