import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamTransport } from '../../transport/create-upstream-transport.js';
import { createWireClient } from './wire-client.js';
import { UpstreamStatusError } from './upstream-status-error.js';

/** Error answers as servers send them: the body, its content type, extra headers. */
const answers: Array<[string, number, string, string, Record<string, string>]> = [
  [
    'an OpenAI error object',
    429,
    'application/json',
    '{"error":{"message":"slow down","type":"rate","code":"rate_limit_exceeded","param":null}}',
    { 'retry-after': '2', 'x-request-id': 'req-1' },
  ],
  ['a DashScope error with a request id', 400, 'application/json', '{"error":{"message":"arrears","code":"Arrearage","request_id":"ds-9"}}', {}],
  ['DashScope native (no error field)', 400, 'application/json', '{"code":"InvalidParameter","message":"bad","request_id":"x"}', {}],
  ['an error that is a string', 500, 'application/json', '{"error":"boom"}', {}],
  ['a message that is not a string', 400, 'application/json', '{"error":{"message":{"detail":"nested"}}}', {}],
  ['plain text', 502, 'text/plain', 'Bad Gateway', {}],
  ['an empty body', 503, 'text/plain', '', {}],
  ['JSON null', 500, 'application/json', 'null', {}],
];

let server: Server;
let baseURL: string;
let current = 0;
const transport = createUpstreamTransport({ env: {} });

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    const [, status, type, body, headers] = answers[current] as (typeof answers)[number];
    response.writeHead(status, { 'content-type': type, ...headers });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await transport.close();
  await new Promise((resolve) => server.close(resolve));
});

const fields = (error: unknown) => {
  const e = error as APIError | UpstreamStatusError;
  return {
    name: e.name === 'Error' || e.constructor.name.endsWith('Error') ? 'error' : e.name,
    status: e.status,
    message: e.message,
    error: e.error,
    code: e.code,
    type: e.type,
    requestID: e.requestID,
    retryAfter: e.headers?.get('retry-after') ?? null,
  };
};

describe('an error status reads as the openai SDK read it', () => {
  it.each(answers.map((answer, index) => [answer[0], index] as const))('%s', async (_name, index) => {
    current = index;
    const sdk = new OpenAI({ apiKey: 'k', baseURL, maxRetries: 0, fetch: transport.fetch });
    const theirs = await sdk.chat.completions.create({ model: 'm', messages: [] }).catch((error: unknown) => error);
    expect(theirs).toBeInstanceOf(APIError);
    const ours = await createWireClient({ id: 'p', kind: 'anyllm', baseURL, headers: {}, configured: true }, transport.send)
      .post('/chat/completions', { model: 'm', messages: [] })
      .catch((error: unknown) => error);
    expect(ours).toBeInstanceOf(UpstreamStatusError);
    expect(fields(ours)).toEqual(fields(theirs));
  });
});
