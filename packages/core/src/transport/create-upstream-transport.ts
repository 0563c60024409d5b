import type { Dispatcher } from 'undici';
import { UpstreamResponse } from './upstream-response.js';

/** The `fetch` the openai SDK is given for upstream calls, and how to let go of its connections. */
export interface UpstreamTransport {
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
 * Upstream HTTP for the openai SDK (its `fetch` option) over undici's
 * `request()` rather than the global `fetch`: the same connection pool and
 * parser (Node's fetch is undici too) without the WHATWG Request, Response
 * and ReadableStream objects around every call, which cost about half of
 * the bare SDK's CPU per request (bench/README.md, "Where the time goes").
 *
 * Behaves as fetch where the SDK can tell: a refused connection or a reset
 * rejects with `TypeError('fetch failed', { cause })`, an aborted signal
 * with its reason, redirects are followed. HTTP(S)_PROXY and NO_PROXY are
 * honoured (undici's EnvHttpProxyAgent). A body that is not a string or bytes
 * (a FormData upload, a stream) goes to the global fetch unchanged.
 * undici is loaded on the first call, not at start-up.
 */
export function createUpstreamTransport(options: UpstreamTransportOptions = {}): UpstreamTransport {
  const env = options.env ?? process.env;
  let undici: Undici | undefined;
  let loading: Promise<Undici> | undefined;
  let agent: Dispatcher | undefined;
  let dispatcher: Dispatcher | undefined;
  let closed = false;

  const setUp = (loaded: Undici): Dispatcher => {
    const agentOptions = { headersTimeout: BACKSTOP_MS, bodyTimeout: BACKSTOP_MS };
    const proxied = PROXY_VARIABLES.some((name) => env[name]);
    agent = proxied
      ? new loaded.EnvHttpProxyAgent({
          ...agentOptions,
          httpProxy: env.HTTP_PROXY ?? env.http_proxy,
          httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
          noProxy: env.NO_PROXY ?? env.no_proxy,
        })
      : new loaded.Agent(agentOptions);
    undici = loaded;
    return (dispatcher = agent.compose(loaded.interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS })));
  };

  const send = async (loaded: Undici, target: Dispatcher, url: string, init: RequestInit): Promise<Response> => {
    try {
      const data = await loaded.request(url, {
        method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
        headers: init.headers as Dispatcher.DispatchOptions['headers'],
        body: init.body as Body,
        signal: init.signal ?? undefined,
        dispatcher: target,
      });
      return new UpstreamResponse(url, data) as unknown as Response;
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      throw new TypeError('fetch failed', { cause: error });
    }
  };

  const load = (): Promise<Undici> => (loading ??= import('undici').then(namedExports));

  const upstreamFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (closed) return Promise.reject(new TypeError('fetch failed', { cause: new Error('the upstream transport is closed') }));
    const body = init.body;
    if (typeof input === 'object' && !(input instanceof URL)) return fetch(input, init);
    if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) return fetch(input, init);
    const url = String(input);
    if (undici && dispatcher) return send(undici, dispatcher, url, init);
    return load().then((loaded) => send(loaded, dispatcher ?? setUp(loaded), url, init));
  };

  return {
    fetch: upstreamFetch as typeof fetch,
    async prepare() {
      const loaded = await load();
      if (!dispatcher && !closed) setUp(loaded);
    },
    async close() {
      if (closed) return;
      closed = true;
      await agent?.close();
    },
  };
}
