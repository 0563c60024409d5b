import { NodeConnectionTypes, type INodeType, type INodeTypeDescription, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';
import { supplyAegisModel } from '../../src/chat-model/supply-aegis-model.js';
import { DASHSCOPE_DEFAULT_MODEL } from '../../src/config/dashscope-setup.js';
import { chatModelProperties } from '../../src/description/chat-model-properties.js';
import { createSearchModels } from '../../src/methods/search-models.js';
import { DASHSCOPE_PROFILE } from '../../src/node-profile.js';

/** Qwen on DashScope as the chat model of an AI Agent or chain, through the Aegis LLM gateway. */
export class LmChatDashScopeAegis implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'DashScope Chat Model (Aegis LLM)',
    name: 'lmChatDashScopeAegis',
    icon: { light: 'file:dashscope.svg', dark: 'file:dashscope.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{ $parameter["model"]?.value ?? $parameter["model"] }}',
    description: 'Qwen chat model with fallback, monthly budgets and cost tracking shared with the Aegis LLM MCP server',
    defaults: { name: 'DashScope Chat Model' },
    inputs: [],
    outputs: [NodeConnectionTypes.AiLanguageModel],
    outputNames: ['Model'],
    credentials: [{ name: DASHSCOPE_PROFILE.credentialName, required: true }],
    properties: chatModelProperties(
      { defaultModel: DASHSCOPE_DEFAULT_MODEL, placeholder: 'qwen-plus', description: 'The Qwen model. Empty: picked by the Purpose option.' },
      true,
      DASHSCOPE_PROFILE.samplingParams,
    ),
  };

  methods = { listSearch: { searchModels: createSearchModels(DASHSCOPE_PROFILE) } };

  async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
    return supplyAegisModel(this, DASHSCOPE_PROFILE, itemIndex);
  }
}
