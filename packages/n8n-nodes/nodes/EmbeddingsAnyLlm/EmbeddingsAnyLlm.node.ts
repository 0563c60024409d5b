import { NodeConnectionTypes, type INodeType, type INodeTypeDescription, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';
import { embeddingsProperties } from '../../src/description/embeddings-properties.js';
import { supplyAegisEmbeddings } from '../../src/embeddings/supply-aegis-embeddings.js';
import { createSearchModels } from '../../src/methods/search-models.js';
import { ANYLLM_PROFILE } from '../../src/node-profile.js';

/** Embeddings from any OpenAI-compatible server (Ollama, vLLM, TEI, a proxy) for n8n's vector stores, through the Aegis LLM gateway. */
export class EmbeddingsAnyLlm implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'AnyLLM Embeddings (Aegis LLM)',
    name: 'embeddingsAnyLlm',
    icon: { light: 'file:anyllm.svg', dark: 'file:anyllm.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["model"]?.value ?? $parameter["model"] }}',
    description: 'Embeddings from any OpenAI-compatible endpoint, batched, with budgets and cost in the shared Aegis LLM ledger',
    defaults: { name: 'AnyLLM Embeddings' },
    inputs: [],
    outputs: [NodeConnectionTypes.AiEmbedding],
    outputNames: ['Embeddings'],
    credentials: [{ name: ANYLLM_PROFILE.credentialName, required: true }],
    properties: embeddingsProperties({ defaultModel: '', placeholder: 'bge-m3', description: 'The embedding model, as the server names it' }, true),
  };

  methods = { listSearch: { searchModels: createSearchModels(ANYLLM_PROFILE) } };

  async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
    return supplyAegisEmbeddings(this, ANYLLM_PROFILE, itemIndex);
  }
}
