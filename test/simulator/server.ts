import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { bearerKey, checkAuth, checkChatBody, type RequestRules } from './check-request.ts';
import { CONTROL_PREFIX, handleControl, type ControlTarget } from './control-routes.ts';
import { buildEmbeddings } from './build-embeddings.ts';
import { checkEmbeddingsBody } from './check-embeddings-body.ts';
import { dashscopeErrors } from './dashscope-errors.ts';
import { DEFAULT_EMBEDDING_MODELS } from './embedding-models.ts';
import { DEFAULT_MODELS, DEFAULT_STREAMING_ONLY, DEFAULT_THINKING_BY_DEFAULT, DEFAULT_THINKING_ONLY } from './default-models.ts';
import { type Exchange, sendError, sendJson } from './exchange.ts';
import { planAnswer } from './plan-answer.ts';
import { parseJsonObject, readBody } from './read-body.ts';
import { createRequestIds } from './request-id.ts';
import { createRequestLog } from './request-log.ts';
import { respondJson } from './respond-json.ts';
import { respondStream } from './respond-stream.ts';
import { createScenarioQueue } from './scenario-queue.ts';
import type { JsonObject, RecordedRequest, Scenario, ScriptOptions, Simulator, SimulatorOptions, SimulatorStatus } from './types.ts';
import { isObject } from './usage.ts';
import { assertScenario } from './validate-scenario.ts';
import { buildCompletion, buildModelList, buildStreamEvents, malformedEvent, modelEntry, type WireContext } from './wire-format.ts';

export const DEFAULT_REQUEST_LOG_LIMIT = 1000;

type ApiRoute = { kind: 'chat' } | { kind: 'embeddings' } | { kind: 'models' } | { kind: 'model'; id: string };

/** Start an OpenAI-compatible, DashScope-shaped upstream on 127.0.0.1 (by default on a free port). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const models = [...(options.models ?? DEFAULT_MODELS)];
  const rules: RequestRules = {
    apiKey: options.apiKey,
    models: new Set(models),
    streamingOnly: new Set(options.streamingOnly ?? DEFAULT_STREAMING_ONLY),
  };
  const embeddingModels = options.embeddingModels ?? DEFAULT_EMBEDDING_MODELS;
  const thinkingOnly = new Set(options.thinkingOnly ?? DEFAULT_THINKING_ONLY);
  const thinkingByDefault = new Set(options.thinkingByDefault ?? DEFAULT_THINKING_BY_DEFAULT);
  const queue = createScenarioQueue(assertScenario(options.defaultScenario ?? {}));
  const log = createRequestLog(options.recordRequests === false ? 0 : (options.requestLogLimit ?? DEFAULT_REQUEST_LOG_LIMIT));
  const nextRequestId = createRequestIds();
  const startedAt = Math.floor(Date.now() / 1000);
  const sockets = new Set<Socket>();
  let connectionsAccepted = 0;
  let inFlight = 0;
  let closing: Promise<void> | undefined;

  const script = (scenarios: Scenario | readonly Scenario[], scriptOptions: ScriptOptions = {}): void => {
    const list = Array.isArray(scenarios) ? scenarios : [scenarios as Scenario];
    for (const scenario of list) assertScenario(scenario);
    if (scriptOptions.model !== undefined && !rules.models.has(scriptOptions.model) && !embeddingModels.has(scriptOptions.model)) {
      // Such a queue could never be consumed: the request gets model_not_found first.
      throw new TypeError(`Cannot script model "${scriptOptions.model}": the simulator does not serve it`);
    }
    queue.push(list, scriptOptions);
  };
  const reset = (): void => {
    queue.clear();
    log.clear();
  };
  const status = (): SimulatorStatus => ({ pending: queue.pending(), inFlight, openConnections: sockets.size, recorded: log.entries.length });
  const control: ControlTarget = {
    script,
    setDefault: (scenario) => queue.setDefault(scenario),
    reset,
    requests: () => log.entries,
    status,
  };

  const openExchange = (req: IncomingMessage, res: ServerResponse, path: string): Exchange => {
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: flattenHeaders(req.headers),
      body: undefined,
      receivedAt: Date.now(),
      status: undefined,
      aborted: false,
      scenario: undefined,
    };
    log.add(record);
    const controller = new AbortController();
    const x: Exchange = {
      req,
      res,
      record,
      requestId: nextRequestId(),
      signal: controller.signal,
      apiKey: bearerKey(req.headers.authorization),
      model: undefined,
      closedByServer: false,
    };
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (!res.writableFinished && !x.closedByServer && closing === undefined) record.aborted = true;
      // Ends every pending wait of this exchange, so no timer outlives it. A
      // string reason spares a DOMException (and its stack) per response.
      controller.abort('response closed');
    });
    return x;
  };

  const serveApi = async (x: Exchange, route: ApiRoute | undefined): Promise<void> => {
    const body = parseJsonObject(await readBody(x.req));
    x.record.body = body;
    if (typeof body?.model === 'string') x.model = body.model;
    if (route === undefined) {
      // Like DashScope on a wrong path (e.g. a base URL without /compatible-mode): 404 with no body.
      x.record.status = 404;
      x.res.writeHead(404, { 'content-length': '0', 'x-request-id': x.requestId });
      x.res.end();
      return;
    }
    const authFault = checkAuth(rules, x.apiKey);
    if (authFault !== undefined) return sendError(x, authFault);

    if (route.kind === 'models') {
      return respondJson(x, queue.takeModels() ?? {}, () => buildModelList(models, startedAt));
    }
    if (route.kind === 'model') {
      x.model = route.id;
      if (!rules.models.has(route.id)) return sendError(x, dashscopeErrors.modelNotFound);
      return sendJson(x, 200, JSON.stringify(modelEntry(route.id, startedAt)));
    }
    if (route.kind === 'embeddings') {
      const ask = checkEmbeddingsBody(embeddingModels, rules.models, body);
      if ('type' in ask) return sendError(x, ask);
      const scenario = queue.takeChat(x.model ?? '');
      x.record.scenario = scenario;
      return respondJson(x, scenario, () => buildEmbeddings(ask, scenario, { id: `embd-${x.requestId}`, model: x.model ?? '' }));
    }
    const fault = checkChatBody(rules, body);
    if (fault !== undefined || body === undefined) return sendError(x, fault ?? dashscopeErrors.invalidParameter);
    return serveChat(x, body);
  };

  const serveChat = (x: Exchange, body: JsonObject): Promise<void> => {
    const scenario = queue.takeChat(x.model ?? '');
    x.record.scenario = scenario;
    const context: WireContext = { id: `chatcmpl-${x.requestId}`, created: Math.floor(Date.now() / 1000), model: x.model ?? '' };
    if (body.stream !== true) return respondJson(x, scenario, () => buildCompletion(planAnswer(body, scenario, false), context));
    // Thinking happens only on streamed calls (a non-stream one with enable_thinking was refused).
    const model = x.model ?? '';
    const thinking = body.enable_thinking === true || thinkingOnly.has(model) || (thinkingByDefault.has(model) && body.enable_thinking !== false);
    const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
    return respondStream(x, scenario, () => buildStreamEvents(planAnswer(body, scenario, thinking), scenario, context, includeUsage), malformedEvent(context));
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const work = path.startsWith(CONTROL_PREFIX) ? handleControl(req, res, path, control) : serveApi(openExchange(req, res, path), apiRoute(req.method, path));
    work.catch((error: unknown) => {
      // A client that hangs up while sending its body is not a simulator failure.
      if (req.destroyed) return;
      console.error('[simulator] request failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('simulator error');
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    connectionsAccepted += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listen(server, options.port ?? 0, host);

  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    baseURL: `${origin}/v1`,
    origin,
    port,
    get requests() {
      return log.entries;
    },
    script,
    setDefault: (scenario) => queue.setDefault(assertScenario(scenario)),
    pending: () => queue.pending(),
    reset,
    openConnections: () => sockets.size,
    connectionsAccepted: () => connectionsAccepted,
    inFlight: () => inFlight,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // Hung responses would keep server.close() waiting forever. Wait for each
        // socket's own 'close' too, so openConnections() is 0 once this resolves.
        const socketsClosed = [...sockets].map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
        for (const socket of sockets) socket.destroy();
        await Promise.all([stopped, ...socketsClosed]);
      })();
      return closing;
    },
  };
}

/** `/v1/...` and DashScope's `/compatible-mode/v1/...` are the same API. */
function apiRoute(method: string | undefined, path: string): ApiRoute | undefined {
  const rest = path.startsWith('/v1/') ? path.slice(4) : path.startsWith('/compatible-mode/v1/') ? path.slice(20) : undefined;
  if (rest === 'chat/completions' && method === 'POST') return { kind: 'chat' };
  if (rest === 'embeddings' && method === 'POST') return { kind: 'embeddings' };
  if (rest === 'models' && method === 'GET') return { kind: 'models' };
  if (rest?.startsWith('models/') === true && method === 'GET') return { kind: 'model', id: decodeURIComponent(rest.slice(7)) };
  return undefined;
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
