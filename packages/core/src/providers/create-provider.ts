import type { ResolvedProvider } from '../config/types.js';
import { AegisError } from '../errors.js';
import type { Redactor } from '../secrets/create-redactor.js';
import { lazyStream } from '../streams/lazy-stream.js';
import type { ProviderStreamPart } from '../types.js';
import { collectStream } from './collect-stream.js';
import type { SendUpstream } from '../transport/upstream-exchange.js';
import { sendOverFetch } from '../transport/send-over-fetch.js';
import type { Provider } from './provider.js';
import type { ProviderCall } from './provider-call.js';
import { providerKind } from '../kinds/index.js';

export interface ProviderDeps {
  redact: Redactor;
  /** A stream silent for this long ends with a timeout. */
  streamIdleTimeoutMs: number;
  /** Models that only answer streamed calls (catalog capability `streaming-only`). */
  isStreamingOnly(model: string): boolean;
  /** The upstream exchange (the gateway's transport, ../transport/create-upstream-transport.ts). Takes precedence over `fetch`. */
  send?: SendUpstream;
  /** An injected fetch, used when no `send` is given. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Readies `send` (the upstream transport loads undici): awaited with the wire layer's load. */
  prepareFetch?: () => Promise<void>;
  now?: () => number;
}

type Wire = typeof import('./openai-compatible/index.js');
type WireClient = import('./openai-compatible/index.js').WireClient;

export function createProvider(config: ResolvedProvider, deps: ProviderDeps): Provider {
  const spec = providerKind(config.kind).spec;
  const ctx = { provider: config.id, spec, redact: deps.redact, now: deps.now };
  // The wire layer and its client are loaded on the first call, not at start-up.
  let loading: Promise<{ wire: Wire; client: WireClient }> | undefined;
  const load = () =>
    (loading ??= Promise.all([import('./openai-compatible/index.js'), deps.prepareFetch?.()]).then(([wire]) => ({
      wire,
      client: wire.createWireClient(config, deps.send ?? sendOverFetch(deps.fetch ?? globalThis.fetch)),
    })));

  const ensureConfigured = (model?: string) => {
    if (!config.configured) {
      throw new AegisError('not_configured', `${spec.label} is not configured. ${config.notConfiguredHint ?? ''}`.trim(), {
        provider: config.id,
        model,
      });
    }
  };

  const stream = (call: ProviderCall): AsyncIterable<ProviderStreamPart> =>
    lazyStream(async () => {
      ensureConfigured(call.model);
      const { wire, client } = await load();
      return wire.streamChat(client, call, { ...ctx, idleTimeoutMs: call.idleTimeoutMs ?? deps.streamIdleTimeoutMs });
    });

  return {
    id: config.id,
    config,
    spec,
    stream,
    async prepare() {
      await load();
    },
    async complete(call) {
      ensureConfigured(call.model);
      // Thinking only works on streamed calls, and some models only stream:
      // stream internally and hand back one answer.
      if (call.thinking || deps.isStreamingOnly(call.model)) return collectStream(stream(call));
      const { wire, client } = await load();
      return wire.completeChat(client, call, ctx);
    },
    async embed(call) {
      ensureConfigured(call.model);
      const { wire, client } = await load();
      return wire.createEmbeddings(client, call, ctx);
    },
    async listModelIds(signal) {
      ensureConfigured();
      const { wire, client } = await load();
      return wire.listModelIds(client, signal, ctx);
    },
  };
}
