/**
 * An OpenAI embeddings body (already parsed), the Aegis headers and the
 * caller as one core EmbedRequest: the model as the core names it
 * (`provider/model` or a bare embedding model id through the catalog),
 * `x-aegis-fallbacks`, the tags of `x-aegis-tags`, `user` as `end_user` and
 * the client key, and the key's allowed models.
 */
import type { EmbedRequest } from '@aegis-llm/core';
import type { AegisHeaders } from './aegis-headers.js';
import { allowedTargetsOf, type Caller } from './caller.js';
import type { EmbeddingsBody } from './embeddings-body.js';
import { OpenAiHttpError } from './openai-http-error.js';
import { requestTags, TASK_MODEL_PREFIX } from './to-core-request.js';

export function toEmbedRequest(body: EmbeddingsBody, headers: AegisHeaders, caller: Caller, signal: AbortSignal): EmbedRequest {
  // Task routes pick chat models: an embedding has to name its model, or vectors of two lengths could mix in one store.
  if (headers.task !== undefined || body.model === 'aegis' || body.model.startsWith(TASK_MODEL_PREFIX)) {
    throw new OpenAiHttpError(
      400,
      'invalid_request_error',
      'Task routes (aegis/<task>, x-aegis-task) are for chat: name an embedding model, e.g. dashscope/text-embedding-v4.',
      {
        param: headers.task === undefined ? 'model' : 'x-aegis-task',
        code: 'invalid_request',
      },
    );
  }
  const request: EmbedRequest = { model: body.model, input: body.input as string | string[], signal };
  if (body.dimensions != null) request.dimensions = body.dimensions;
  if (headers.fallbacks !== undefined) request.fallbacks = headers.fallbacks;
  const allowed = allowedTargetsOf(caller);
  if (allowed !== undefined) request.allowedTargets = allowed;
  const tags = requestTags(body.user, headers, caller);
  if (tags !== undefined) request.tags = tags;
  return request;
}
