/** What the gateway asks one provider to embed: one batch within the model's limits. Types only. */
export interface EmbedCall {
  model: string;
  inputs: readonly string[];
  /** Sent only when the caller asked for a length. */
  dimensions?: number;
  signal?: AbortSignal;
}

export interface ProviderEmbeddings {
  /** One vector per input, in input order. */
  vectors: number[][];
  /**
   * Input tokens the upstream reported, as sent (NaN for a value that is not a
   * number): the gateway bounds it. Undefined when it sent none (the gateway estimates then).
   */
  inputTokens?: number;
}
