import type { EmbedRequest, EmbedResult, Gateway } from '@aegis-llm/core';
import { n8nLangchain } from './n8n-langchain.js';

export interface AegisEmbeddingsSettings {
  gateway: Gateway;
  /** `provider/model` of the credential's provider. */
  model: string;
  dimensions?: number;
  /** Tags of every call's spend: the node's Tags option, then the workflow's (workflow-tags.ts). */
  tags?: Readonly<Record<string, string>>;
  /** Turns a core failure into the error n8n shows (redacted, with the node). */
  toError(error: unknown): Error;
  /** Each answer, for the run data (model, cost, batches). */
  onResult?(result: EmbedResult): void;
}

/** The LangChain embeddings a vector store gets: both calls are the gateway's `embed`. */
export interface AegisEmbeddings {
  embedDocuments(documents: string[]): Promise<number[][]>;
  embedQuery(document: string): Promise<number[]>;
}

/**
 * A LangChain `Embeddings` (n8n's own class, see n8n-langchain.ts) whose
 * vectors come from `gateway.embed`: batched to the model's limits,
 * budgeted and recorded in the shared ledger like the chat models' calls.
 * No logic of its own; LangChain's own retries are off (the gateway retries).
 */
export function createAegisEmbeddings(settings: AegisEmbeddingsSettings): AegisEmbeddings {
  const { Embeddings } = n8nLangchain();
  const embed = async (input: string[]): Promise<number[][]> => {
    const request: EmbedRequest = { model: settings.model, input };
    if (settings.dimensions !== undefined) request.dimensions = settings.dimensions;
    if (settings.tags !== undefined) request.tags = settings.tags;
    try {
      const result = await settings.gateway.embed(request);
      settings.onResult?.(result);
      return result.embeddings;
    } catch (error) {
      throw settings.toError(error);
    }
  };
  class GatewayEmbeddings extends Embeddings {
    override async embedDocuments(documents: string[]): Promise<number[][]> {
      // A store with nothing to add calls with none; the gateway refuses an empty input.
      return documents.length === 0 ? [] : embed(documents);
    }
    override async embedQuery(document: string): Promise<number[]> {
      const [vector] = await embed([document]);
      return vector ?? [];
    }
  }
  return new GatewayEmbeddings({ maxRetries: 0 });
}
