import type { ResolvedProvider } from '../config/types.js';
import { AegisError } from '../errors.js';
import type { Redactor } from '../secrets/create-redactor.js';
import { collectStream } from './collect-stream.js';
import { completeChat } from './openai-compatible/complete-chat.js';
import { createClient } from './openai-compatible/create-client.js';
import { streamChat } from './openai-compatible/stream-chat.js';
import { toAegisError } from './openai-compatible/to-aegis-error.js';
import type { Provider } from './provider.js';
import type { ProviderCall } from './provider-call.js';
import { PROVIDER_SPECS } from './provider-specs.js';

export interface ProviderDeps {
  redact: Redactor;
  /** A stream silent for this long ends with a timeout. */
  streamIdleTimeoutMs: number;
  /** Models that only answer streamed calls (catalog capability `streaming-only`). */
  isStreamingOnly(model: string): boolean;
  fetch?: typeof fetch;
  now?: () => number;
}

export function createProvider(config: ResolvedProvider, deps: ProviderDeps): Provider {
  const spec = PROVIDER_SPECS[config.kind];
  const client = createClient(config, { fetch: deps.fetch });
  const ctx = { provider: config.id, spec, redact: deps.redact, now: deps.now };

  const ensureConfigured = (model?: string) => {
    if (!config.configured) {
      throw new AegisError('not_configured', `${spec.label} is not configured. ${config.notConfiguredHint ?? ''}`.trim(), {
        provider: config.id,
        model,
      });
    }
  };

  const stream = (call: ProviderCall) => {
    ensureConfigured(call.model);
    return streamChat(client, call, { ...ctx, idleTimeoutMs: deps.streamIdleTimeoutMs });
  };

  return {
    id: config.id,
    config,
    spec,
    stream,
    async complete(call) {
      ensureConfigured(call.model);
      // Thinking only works on streamed calls, and some models only stream:
      // stream internally and hand back one answer.
      if (call.thinking || deps.isStreamingOnly(call.model)) return collectStream(stream(call));
      return completeChat(client, call, ctx);
    },
    async listModelIds(signal) {
      ensureConfigured();
      try {
        const ids: string[] = [];
        for await (const model of client.models.list({ signal })) ids.push(model.id);
        return ids;
      } catch (error) {
        throw toAegisError(error, { ...ctx, signal });
      }
    },
  };
}
