import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { DASHSCOPE_DEFAULT_MODEL } from '../../src/config/dashscope-setup.js';
import { actionNodeProperties } from '../../src/description/action-node-properties.js';
import { ACTION_NODE_DEFAULT_VERSION, ACTION_NODE_VERSIONS } from '../../src/description/action-node-version.js';
import { executeAegisNode } from '../../src/execute/execute-aegis-node.js';
import { createSearchModels } from '../../src/methods/search-models.js';
import { DASHSCOPE_PROFILE } from '../../src/node-profile.js';

/** Qwen on DashScope through the Aegis LLM gateway: fallback, budgets and cost in the shared ledger. */
export class AegisDashScope implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'DashScope (Aegis LLM)',
    name: 'aegisDashScope',
    icon: { light: 'file:dashscope.svg', dark: 'file:dashscope.dark.svg' },
    group: ['transform'],
    version: ACTION_NODE_VERSIONS,
    defaultVersion: ACTION_NODE_DEFAULT_VERSION,
    subtitle: '={{ $parameter["operation"] }}',
    description: 'Chat with Qwen models on DashScope with fallback, monthly budgets and cost tracking',
    defaults: { name: 'DashScope' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: DASHSCOPE_PROFILE.credentialName, required: true }],
    properties: actionNodeProperties({
      model: {
        defaultModel: DASHSCOPE_DEFAULT_MODEL,
        placeholder: 'qwen-plus',
        description: 'The Qwen model. Empty: picked by the Purpose option (e.g. qwen3-coder-plus for Code).',
      },
      thinking: true,
      sampling: DASHSCOPE_PROFILE.samplingParams,
    }),
  };

  methods = { listSearch: { searchModels: createSearchModels(DASHSCOPE_PROFILE) } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAegisNode(this, DASHSCOPE_PROFILE);
  }
}
