/** A ready-to-call upstream. Types only; built by createProvider. */
import type { ResolvedProvider } from '../config/types.js';
import type { ProviderStreamPart } from '../types.js';
import type { EmbedCall, ProviderEmbeddings } from './embed-call.js';
import type { ProviderCall, ProviderCompletion } from './provider-call.js';
import type { ProviderSpec } from '../kinds/provider-spec.js';

export interface Provider {
  readonly id: string;
  readonly config: ResolvedProvider;
  readonly spec: ProviderSpec;
  /** One answer; streams internally when the model or the call requires it. */
  complete(call: ProviderCall): Promise<ProviderCompletion>;
  stream(call: ProviderCall): AsyncIterable<ProviderStreamPart>;
  /** One `POST /embeddings` of a batch within the model's limits. */
  embed(call: EmbedCall): Promise<ProviderEmbeddings>;
  /**
   * Loads what the first call needs (the SDK, the client). Called while an
   * attempt opens, which only the deadline bounds, so the load is never
   * mistaken for an idle upstream.
   */
  prepare(): Promise<void>;
  /** Model ids from the provider's GET /models. */
  listModelIds(signal?: AbortSignal): Promise<string[]>;
}
