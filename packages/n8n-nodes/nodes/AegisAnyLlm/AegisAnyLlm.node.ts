import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { actionNodeProperties } from '../../src/description/action-node-properties.js';
import { ACTION_NODE_DEFAULT_VERSION, ACTION_NODE_VERSIONS } from '../../src/description/action-node-version.js';
import { executeAegisNode } from '../../src/execute/execute-aegis-node.js';
import { createSearchModels } from '../../src/methods/search-models.js';
import { ANYLLM_PROFILE } from '../../src/node-profile.js';

/** Any OpenAI-compatible endpoint through the Aegis LLM gateway: fallback, budgets and cost in the shared ledger. */
export class AegisAnyLlm implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'AnyLLM (Aegis LLM)',
    name: 'aegisAnyLlm',
    icon: { light: 'file:anyllm.svg', dark: 'file:anyllm.dark.svg' },
    group: ['transform'],
    version: ACTION_NODE_VERSIONS,
    defaultVersion: ACTION_NODE_DEFAULT_VERSION,
    subtitle: '={{ $parameter["operation"] }}',
    description: 'Chat with any OpenAI-compatible endpoint with fallback, monthly budgets and cost tracking',
    defaults: { name: 'AnyLLM' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: ANYLLM_PROFILE.credentialName, required: true }],
    properties: actionNodeProperties({
      model: {
        defaultModel: '',
        placeholder: 'llama-3.1-8b-instant',
        description: "The model id as the endpoint knows it. Empty: the credential's default model.",
      },
      thinking: false,
      sampling: ANYLLM_PROFILE.samplingParams,
    }),
  };

  methods = { listSearch: { searchModels: createSearchModels(ANYLLM_PROFILE) } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAegisNode(this, ANYLLM_PROFILE);
  }
}
