import type { Dispatcher } from 'undici';
import { UpstreamConnectionError } from './upstream-connection-error.js';
import type { SendUpstream, UpstreamRequest } from './upstream-exchange.js';
import { UpstreamResponse } from './upstream-response.js';

/** Upstream HTTP over one connection pool, and how to let go of its connections. */
export interface UpstreamTransport {
  /** One exchange as the core's providers make it (upstream-exchange.ts). */
  send: SendUpstream;
  /** The same pool as a `fetch` for the openai SDK (its `fetch` option): the benchmark's baseline, and any SDK user. */
  fetch: typeof fetch;
  /**
   * Loads undici (done by the first call otherwise). A provider awaits it
   * with the SDK, before its timers start: the load is not the upstream's time.
   */
  prepare(): Promise<void>;
  /** Closes the kept-alive connections; calls after close fail. */
  close(): Promise<void>;
}

export interface UpstreamTransportOptions {
  /** Where the proxy variables are read. @default process.env */
  env?: NodeJS.ProcessEnv;
}

type Undici = typeof import('undici');
type Body = string | Uint8Array | undefined;

/** As the SDK's own timeout: a backstop only, deadlines and idle timers abort through the signal. */
const BACKSTOP_MS = 10 * 60_000;
/** As many as fetch follows. */
const MAX_REDIRECTIONS = 20;
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

/**
 * undici is CommonJS: Node's own import finds its named exports, a bundler's
 * dynamic import (the MCP CLI and n8n bundles, esbuild) may give them only
 * as `default`.
 */
function namedExports(module: Undici | { default: Undici }): Undici {
  return 'Agent' in module ? module : module.default;
}

/**
 * Upstream HTTP over undici's `request()`: `send`, the core's own exchange
 * (the providers' wire client), and `fetch`, the same pool for the openai
 * SDK (its `fetch` option; the benchmark's baseline). Both rather than the
 * global `fetch`: the same connection pool and
 * parser (Node's fetch is undici too) without the WHATWG Request, Response
 * and ReadableStream objects around every call, which cost about half of
 * the bare SDK's CPU per request (bench/README.md, "Where the time goes").
 *
 * `fetch` behaves as fetch where the SDK can tell: a refused connection or a reset
 * rejects with `TypeError('fetch failed', { cause })`, an aborted signal
 * with its reason, redirects are followed. HTTP(S)_PROXY and NO_PROXY are
 * honoured (undici's EnvHttpProxyAgent). A body that is not a string or bytes
 * (a FormData upload, a stream) goes to the global fetch unchanged.
 * undici is loaded on the first call, not at start-up.
 */
export function createUpstreamTransport(options: UpstreamTransportOptions = {}): UpstreamTransport {
  const env = options.env ?? process.env;
  // Set once undici is loaded and the pool made; until then calls wait for `loading`.
  let ready: Ready | undefined;
  let loading: Promise<Ready> | undefined;
  let closed = false;

  const load = (): Promise<Ready> => (loading ??= import('undici').then((module) => (ready = createPool(namedExports(module), env))));

  const upstreamFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (closed) return Promise.reject(new TypeError('fetch failed', { cause: new Error('the upstream transport is closed') }));
    const body = init.body;
    if (typeof input === 'object' && !(input instanceof URL)) return fetch(input, init);
    if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) return fetch(input, init);
    const url = String(input);
    return ready ? send(ready, url, init) : load().then((loaded) => send(loaded, url, init));
  };

  const sendUpstream: SendUpstream = (request) => {
    if (closed) return Promise.reject(new UpstreamConnectionError(new Error('the upstream transport is closed')));
    return ready ? exchange(ready, request) : load().then((loaded) => exchange(loaded, request));
  };

  return {
    send: sendUpstream,
    fetch: upstreamFetch as typeof fetch,
    async prepare() {
      await load();
    },
    async close() {
      if (closed) return;
      closed = true;
      // A pool still being made is closed once it is.
      const pool = ready ?? (await loading?.catch(() => undefined));
      await pool?.agent.close();
    },
  };
}

/** undici, and the pool every call of one transport goes through. */
interface Ready {
  undici: Undici;
  /** The pool: closed with the transport. */
  agent: Dispatcher;
  /** The pool with redirects followed: what calls are sent through. */
  dispatcher: Dispatcher;
}

function createPool(undici: Undici, env: NodeJS.ProcessEnv): Ready {
  const agentOptions = { headersTimeout: BACKSTOP_MS, bodyTimeout: BACKSTOP_MS };
  const agent = PROXY_VARIABLES.some((name) => env[name])
    ? new undici.EnvHttpProxyAgent({
        ...agentOptions,
        httpProxy: env.HTTP_PROXY ?? env.http_proxy,
        httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
        noProxy: env.NO_PROXY ?? env.no_proxy,
      })
    : new undici.Agent(agentOptions);
  return { undici, agent, dispatcher: agent.compose(undici.interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS })) };
}

async function send({ undici, dispatcher }: Ready, url: string, init: RequestInit): Promise<Response> {
  try {
    const data = await undici.request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init.headers as Dispatcher.DispatchOptions['headers'],
      body: init.body as Body,
      signal: init.signal ?? undefined,
      dispatcher,
    });
    return new UpstreamResponse(url, data) as unknown as Response;
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
}

/** One exchange for the core (send): no Response, no fetch shape, the errors of upstream-exchange.ts. */
async function exchange({ undici, dispatcher }: Ready, request: UpstreamRequest): Promise<UpstreamResponse> {
  try {
    const data = await undici.request(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      dispatcher,
    });
    return new UpstreamResponse(request.url, data);
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    throw new UpstreamConnectionError(error);
  }
}
