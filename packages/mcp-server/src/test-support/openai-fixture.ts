/**
 * `aegis-llm serve`'s HTTP app in-process on 127.0.0.1 (the simulator as
 * DashScope, the ledger and client keys in a temp home), and the real
 * `openai` SDK pointed at its /v1.
 */
import type { Server } from 'node:http';
import type { ChatRequest, EmbedRequest, Gateway } from '@aegis-llm/core';
import type { Simulator, SimulatorOptions } from '@aegis-llm/simulator';
import OpenAI from 'openai';
import { CANARY_KEY, memoryLogger, startGatewayFixture } from '../../../core/src/test-support/gateway-fixture.js';
import { createClientKeyStore, type ClientKeyStore } from '../client-keys/create-client-key-store.js';
import { createHttpApp } from '../http/create-http-app.js';
import { listen } from '../http/listen.js';

export { CANARY_KEY };
export const SERVER_TOKEN = 'server-token-0123456789abcdef';

export interface OpenAiFixture {
  sim: Simulator;
  gateway: Gateway;
  keys: ClientKeyStore;
  /** Every request the endpoint gave the gateway, as it gave it. */
  requests: ChatRequest[];
  /** Every embed request the endpoint gave the gateway. */
  embedRequests: EmbedRequest[];
  /** `http://127.0.0.1:PORT` */
  origin: string;
  home: string;
  logs: string[];
  /** An SDK client with this key (the server token by default), no retries. */
  client(apiKey?: string, options?: ConstructorParameters<typeof OpenAI>[0]): OpenAI;
  close(): Promise<void>;
}

export async function startOpenAiFixture(
  options: {
    file?: Record<string, unknown>;
    env?: Record<string, string>;
    simulator?: SimulatorOptions;
    maxBodyBytes?: number;
    allowedOrigins?: string[];
  } = {},
): Promise<OpenAiFixture> {
  // As `aegis-llm serve` (cli/open-gateway.ts): the keys' budgets are the core's tag budgets.
  const late: { keys?: ClientKeyStore } = {};
  const fx = await startGatewayFixture({
    file: options.file,
    env: { OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1', ...options.env },
    simulator: options.simulator,
    gateway: { tagBudgets: () => late.keys?.tagBudgets() ?? {} },
  });
  const keys = createClientKeyStore(fx.home);
  late.keys = keys;
  const requests: ChatRequest[] = [];
  const embedRequests: EmbedRequest[] = [];
  // The real gateway, with each request noted on its way in.
  const gateway = new Proxy(fx.gateway, {
    get(target, name) {
      if (name === 'chat') return (request: ChatRequest) => (requests.push(request), target.chat(request));
      if (name === 'stream') return (request: ChatRequest) => (requests.push(request), target.stream(request));
      if (name === 'embed') return (request: EmbedRequest) => (embedRequests.push(request), target.embed(request));
      return Reflect.get(target, name);
    },
  });
  const { app, sessions } = createHttpApp({
    gateway,
    token: SERVER_TOKEN,
    host: '127.0.0.1',
    configFile: `${fx.home}/aegis-llm.config.json`,
    reconfigure: async () => {},
    logger: memoryLogger(fx.logs),
    clientKeys: keys,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
  });
  const bound: { server: Server; port: number } = await listen(app, 0, '127.0.0.1');
  const origin = `http://127.0.0.1:${bound.port}`;
  return {
    sim: fx.sim,
    gateway: fx.gateway,
    keys,
    requests,
    embedRequests,
    origin,
    home: fx.home,
    logs: fx.logs,
    client: (apiKey = SERVER_TOKEN, extra = {}) => new OpenAI({ apiKey, baseURL: `${origin}/v1`, maxRetries: 0, ...extra }),
    async close() {
      await sessions.close();
      bound.server.closeAllConnections();
      await new Promise((resolve) => bound.server.close(resolve));
      await fx.close();
    },
  };
}
