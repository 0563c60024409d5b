import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { ledgerProperties } from '../src/credentials/ledger-properties.js';

/**
 * Any OpenAI-compatible endpoint (vLLM, LM Studio, Ollama, OpenRouter, Groq,
 * a LiteLLM proxy) through Aegis LLM.
 */
export class AegisAnyLlmApi implements ICredentialType {
  name = 'aegisAnyLlmApi';

  displayName = 'AnyLLM (Aegis LLM) API';

  icon = { light: 'file:anyllm.svg', dark: 'file:anyllm.dark.svg' } as const;

  documentationUrl = 'https://platform.openai.com/docs/api-reference/chat';

  properties: INodeProperties[] = [
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'http://127.0.0.1:8000/v1',
      description: 'OpenAI-compatible base URL, ending before /chat/completions',
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: 'Leave empty for local servers that need no key',
    },
    {
      displayName: 'Extra Headers',
      name: 'headers',
      type: 'string',
      typeOptions: { rows: 3 },
      default: '',
      placeholder: 'X-Title: my-workflow',
      description: 'One "Name: value" per line, sent with every request. Values never appear in node outputs or errors.',
    },
    {
      displayName: 'Default Model',
      name: 'defaultModel',
      type: 'string',
      default: '',
      placeholder: 'llama-3.1-8b-instant',
      description: 'Used when a node names no model, and by the connection test',
    },
    {
      displayName: 'Endpoint Name (in Budgets and Spend)',
      name: 'providerId',
      type: 'string',
      default: 'anyllm',
      description:
        'A short name for this endpoint, under which its spend and budget are counted (lowercase letters, digits, "-" and "_"). Use the name the Aegis LLM MCP server gives the same endpoint to share its budget.',
    },
    {
      displayName: 'Model Prices (USD per Million Tokens)',
      name: 'modelPrices',
      type: 'string',
      typeOptions: { rows: 3 },
      default: '',
      placeholder: 'llama-3.1-8b-instant: 0.05, 0.08',
      description:
        'One "model: input price, output price" per line, so cost and budgets work for this endpoint. Models without a price are recorded as unpriced.',
    },
    ...ledgerProperties,
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: { Authorization: '={{ $credentials.apiKey ? "Bearer " + $credentials.apiKey : undefined }}' },
    },
  };

  test: ICredentialTestRequest = {
    request: { baseURL: '={{ String($credentials.baseUrl).replace(/\\/+$/, "") }}', url: '/models', method: 'GET' },
    rules: [
      { type: 'responseCode', properties: { value: 401, message: 'The key was refused (401): check the API key.' } },
      {
        type: 'responseCode',
        properties: { value: 404, message: 'No /models at this base URL (404): check that it ends where /chat/completions would start, e.g. .../v1.' },
      },
    ],
  };
}
