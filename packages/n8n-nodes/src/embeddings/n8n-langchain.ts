import { createRequire } from 'node:module';

/** LangChain's `Embeddings` base class, as far as it is used here. */
export type EmbeddingsBase = abstract new (params: Record<string, unknown>) => {
  embedDocuments(documents: string[]): Promise<number[][]>;
  embedQuery(document: string): Promise<number[]>;
};

/** n8n's `logWrapper`: shows a sub-node's calls (input and output) in the run data. */
export type LogWrapper = <T extends object>(instance: T, ctx: unknown) => T;

export interface N8nLangchain {
  /** The `Embeddings` class n8n's vector stores and `logWrapper` know (by `instanceof`). */
  Embeddings: EmbeddingsBase;
  logWrapper?: LogWrapper;
}

/** Used when n8n's copy cannot be found (the node's own tests): the same two methods, no LangChain. */
abstract class PlainEmbeddings {
  constructor(_params: Record<string, unknown>) {}
  abstract embedDocuments(documents: string[]): Promise<number[][]>;
  abstract embedQuery(document: string): Promise<number[]>;
}

let found: N8nLangchain | undefined;

/**
 * The LangChain `Embeddings` class and `logWrapper` of the n8n that loaded
 * this package, found through the `@n8n/ai-node-sdk` n8n gives its community
 * nodes: the SDK's `@n8n/ai-utilities` holds both, with its own
 * `@langchain/core`. Neither may be bundled (a bundled copy fails n8n's
 * `instanceof` checks, as for the chat models, see
 * ../chat-model/aegis-langchain-adapter.ts) nor be a runtime dependency (the
 * community-node rules). The SDK exports no embeddings API (0.30), hence the
 * lookup. Without them the vector stores still work (they call the two
 * methods); only the run data of the sub-node is not shown.
 */
export function n8nLangchain(): N8nLangchain {
  if (found !== undefined) return found;
  try {
    const here = typeof __filename === 'string' ? __filename : import.meta.url;
    const sdk = createRequire(here).resolve('@n8n/ai-node-sdk');
    const utilities = createRequire(sdk).resolve('@n8n/ai-utilities');
    const fromUtilities = createRequire(utilities);
    const { Embeddings } = fromUtilities('@langchain/core/embeddings') as { Embeddings: EmbeddingsBase };
    const { logWrapper } = fromUtilities('@n8n/ai-utilities') as { logWrapper?: LogWrapper };
    found = { Embeddings, ...(typeof logWrapper === 'function' ? { logWrapper } : {}) };
  } catch {
    found = { Embeddings: PlainEmbeddings };
  }
  return found;
}
