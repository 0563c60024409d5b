import { NodeConnectionTypes, type INodeType, type INodeTypeDescription, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';
import { supplyAegisModel } from '../../src/chat-model/supply-aegis-model.js';
import { chatModelProperties } from '../../src/description/chat-model-properties.js';
import { createSearchModels } from '../../src/methods/search-models.js';
import { ANYLLM_PROFILE } from '../../src/node-profile.js';

/** Any OpenAI-compatible endpoint as the chat model of an AI Agent or chain, through the Aegis LLM gateway. */
export class LmChatAnyLlm implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'AnyLLM Chat Model (Aegis LLM)',
    name: 'lmChatAnyLlm',
    icon: { light: 'file:anyllm.svg', dark: 'file:anyllm.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["model"]?.value ?? $parameter["model"] }}',
    description: 'Chat model for any OpenAI-compatible endpoint with fallback, monthly budgets and cost tracking',
    defaults: { name: 'AnyLLM Chat Model' },
    inputs: [],
    outputs: [NodeConnectionTypes.AiLanguageModel],
    outputNames: ['Model'],
    credentials: [{ name: ANYLLM_PROFILE.credentialName, required: true }],
    properties: chatModelProperties(
      {
        defaultModel: '',
        placeholder: 'llama-3.1-8b-instant',
        description: "The model id as the endpoint knows it. Empty: the credential's default model.",
      },
      false,
      ANYLLM_PROFILE.samplingParams,
    ),
  };

  methods = { listSearch: { searchModels: createSearchModels(ANYLLM_PROFILE) } };

  async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
    return supplyAegisModel(this, ANYLLM_PROFILE, itemIndex);
  }
}
