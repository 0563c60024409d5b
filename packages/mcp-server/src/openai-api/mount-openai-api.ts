/**
 * The OpenAI-compatible endpoint on `aegis-llm serve`, beside /mcp and the
 * admin page (same port, same Host/Origin checks): `POST
 * /v1/chat/completions` (one answer or SSE), `POST /v1/embeddings` and
 * `GET /v1/models[/<id>]`.
 * Every call goes through the gateway: routing, fallback, budgets, ledger.
 * CORS answers only origins allowed with `--allowed-origin`.
 */
import type { Gateway, Logger } from '@aegis-llm/core';
import { isAegisError } from '@aegis-llm/core';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import type { ClientKeyStore } from '../client-keys/create-client-key-store.js';
import { readAegisHeaders } from './aegis-headers.js';
import { createAuthenticator } from './authenticate.js';
import { allowedTargetsOf, type Caller } from './caller.js';
import { chatCompletionBody, paramName } from './chat-completion-body.js';
import { embeddingsBody } from './embeddings-body.js';
import { OpenAiHttpError } from './openai-http-error.js';
import { resultHeaders } from './reply-headers.js';
import { completionId, toCompletion } from './to-completion.js';
import { toCoreRequest } from './to-core-request.js';
import { toEmbedRequest } from './to-embed-request.js';
import { toEmbeddingList } from './to-embedding-list.js';
import { allowedTest, taskModels, toOpenAiModel } from './to-model-list.js';
import { toOpenAiError } from './to-openai-error.js';
import { writeCompletionStream } from './write-completion-stream.js';

export interface OpenAiApiDeps {
  gateway: Gateway;
  /** The server token: accepted as an admin key. */
  token: string;
  keys: ClientKeyStore;
  maxBodyBytes: number;
  /** Browser origins that get CORS headers (the server's --allowed-origin list); none: CORS off. */
  corsOrigins: readonly string[];
  logger: Logger;
}

const EXPOSED = 'x-aegis-provider, x-aegis-model, x-aegis-fell-back, x-aegis-cost-micro-usd, retry-after, x-request-id';

export function mountOpenAiApi(app: Express, deps: OpenAiApiDeps): void {
  const router = express.Router();
  const authenticate = createAuthenticator(deps.token, deps.keys);
  const origins = new Set(deps.corsOrigins.map((o) => o.replace(/\/$/, '').toLowerCase()));

  router.use(cors(origins));
  router.use((req, res, next) => {
    res.locals.caller = authenticate(req.headers);
    next();
  });
  router.post('/chat/completions', express.json({ limit: deps.maxBodyBytes, type: () => true }), (req, res, next) => {
    chatCompletions(deps, req, res).catch(next);
  });
  router.post('/embeddings', express.json({ limit: deps.maxBodyBytes, type: () => true }), (req, res, next) => {
    embeddings(deps, req, res).catch(next);
  });
  router.get('/models', (req, res, next) => {
    listModels(deps, req, res).then((models) => sendJson(res, 200, { object: 'list', data: models }), next);
  });
  router.get('/models/*id', (req, res, next) => {
    const id = (req.params as { id: string[] }).id.join('/');
    listModels(deps, req, res).then((models) => {
      const model = models.find((m) => m.id === id);
      if (model) sendJson(res, 200, model);
      else
        sendError(
          res,
          new OpenAiHttpError(404, 'invalid_request_error', `The model "${id}" does not exist here. GET /v1/models lists them.`, {
            param: 'model',
            code: 'model_not_found',
          }),
        );
    }, next);
  });
  router.use((req, res) =>
    sendError(
      res,
      new OpenAiHttpError(
        404,
        'invalid_request_error',
        `Unknown route ${req.method} /v1${req.path}. Routes: POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models.`,
        { code: 'unknown_route' },
      ),
    ),
  );
  router.use(errorHandler(deps.logger));
  app.use('/v1', router);
}

/** The body through its schema, or a 400 naming the first wrong parameter. */
function parseBody<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } },
  body: unknown,
): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue ? paramName(issue.path) : 'body';
  throw new OpenAiHttpError(400, 'invalid_request_error', `Invalid request: ${param || 'body'}: ${issue?.message ?? 'invalid value'}.`, {
    ...(param ? { param } : {}),
    code: 'invalid_request',
  });
}

/** Aborted when the client goes away: the upstream call is cancelled, and the core charges what was delivered. */
function clientSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
  });
  return controller.signal;
}

async function embeddings(deps: OpenAiApiDeps, req: Request, res: Response): Promise<void> {
  const body = parseBody(embeddingsBody, req.body);
  const request = toEmbedRequest(body, readAegisHeaders(req.headers), res.locals.caller as Caller, clientSignal(res));
  const result = await deps.gateway.embed(request);
  res.set(resultHeaders(result));
  sendJson(res, 200, toEmbeddingList(result, body.encoding_format ?? 'float'));
}

async function chatCompletions(deps: OpenAiApiDeps, req: Request, res: Response): Promise<void> {
  const caller = res.locals.caller as Caller;
  const body = parseBody(chatCompletionBody, req.body);
  const request = toCoreRequest(body, readAegisHeaders(req.headers), caller, clientSignal(res));
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  if (body.stream === true) {
    await writeCompletionStream(deps.gateway.stream(request), res, { id, created, includeUsage: body.stream_options?.include_usage === true });
    return;
  }
  const result = await deps.gateway.chat(request);
  res.set(resultHeaders(result));
  sendJson(res, 200, toCompletion(result, id, created));
}

async function listModels(deps: OpenAiApiDeps, req: Request, res: Response) {
  const allowed = allowedTest(allowedTargetsOf(res.locals.caller as Caller));
  const live = req.query.live !== 'false';
  const models = (await deps.gateway.listModels({ live })).map(toOpenAiModel);
  return [...(allowed ? models.filter((m) => allowed(m.id)) : models), ...taskModels(deps.gateway.config.routes, allowed)];
}

function cors(origins: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && origins.has(origin.toLowerCase())) {
      res.set({ 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': EXPOSED });
      if (req.method === 'OPTIONS') {
        res.set({
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
          'access-control-max-age': '600',
        });
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).set('cache-control', 'no-store').type('application/json').send(JSON.stringify(body));
}

function sendError(res: Response, error: OpenAiHttpError): void {
  if (error.extra.headers) res.set(error.extra.headers);
  sendJson(res, error.status, { error: { message: error.message, type: error.type, param: error.extra.param ?? null, code: error.extra.code ?? null } });
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (res.headersSent) {
      if (!res.writableEnded) res.end();
      return;
    }
    if (error instanceof OpenAiHttpError) return sendError(res, error);
    if (isAegisError(error)) {
      const reply = toOpenAiError(error);
      res.set(reply.headers);
      return sendJson(res, reply.status, reply.body);
    }
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large')
      return sendError(res, new OpenAiHttpError(413, 'invalid_request_error', 'The request body exceeds the server limit.', { code: 'request_too_large' }));
    if (type === 'entity.parse.failed')
      return sendError(res, new OpenAiHttpError(400, 'invalid_request_error', 'The request body is not valid JSON.', { code: 'invalid_json' }));
    logger.error('OpenAI endpoint request failed', { error: error instanceof Error ? error.message : String(error) });
    sendError(res, new OpenAiHttpError(500, 'server_error', 'The request failed on the server; see its log.', { code: 'internal_error' }));
  };
}
