import { NodeConnectionTypes, type INodeType, type INodeTypeDescription, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';
import { embeddingsProperties } from '../../src/description/embeddings-properties.js';
import { supplyAegisEmbeddings } from '../../src/embeddings/supply-aegis-embeddings.js';
import { createSearchModels } from '../../src/methods/search-models.js';
import { DASHSCOPE_PROFILE } from '../../src/node-profile.js';

/** DashScope text embeddings for n8n's vector stores, through the Aegis LLM gateway. */
export class EmbeddingsDashScopeAegis implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'DashScope Embeddings (Aegis LLM)',
    name: 'embeddingsDashScopeAegis',
    icon: { light: 'file:dashscope.svg', dark: 'file:dashscope.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["model"]?.value ?? $parameter["model"] }}',
    description: "Qwen text embeddings (text-embedding-v4) batched to DashScope's limits, with budgets and cost in the shared Aegis LLM ledger",
    defaults: { name: 'DashScope Embeddings' },
    inputs: [],
    outputs: [NodeConnectionTypes.AiEmbedding],
    outputNames: ['Embeddings'],
    credentials: [{ name: DASHSCOPE_PROFILE.credentialName, required: true }],
    properties: embeddingsProperties(
      { defaultModel: 'text-embedding-v4', placeholder: 'text-embedding-v4', description: 'The DashScope embedding model' },
      false,
    ),
  };

  methods = { listSearch: { searchModels: createSearchModels(DASHSCOPE_PROFILE) } };

  async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
    return supplyAegisEmbeddings(this, DASHSCOPE_PROFILE, itemIndex);
  }
}
