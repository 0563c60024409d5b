import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import {
  dashscopeBaseUrlExpression,
  DASHSCOPE_DEFAULT_REGION,
  DASHSCOPE_REGION_OPTIONS,
  DASHSCOPE_WORKSPACE_REGIONS,
} from '../src/credentials/dashscope-region-options.js';
import { ledgerProperties } from '../src/credentials/ledger-properties.js';
import { DASHSCOPE_REGION_MISMATCH_HINT } from '../src/credentials/region-mismatch-hint.js';

/**
 * DashScope (Alibaba Cloud Model Studio) through Aegis LLM. Named so it does
 * not collide with n8n's own `alibabaCloudApi`.
 */
export class DashScopeAegisApi implements ICredentialType {
  name = 'aegisDashScopeApi';

  displayName = 'DashScope (Aegis LLM) API';

  icon = { light: 'file:dashscope.svg', dark: 'file:dashscope.dark.svg' } as const;

  documentationUrl = 'https://www.alibabacloud.com/help/en/model-studio/get-api-key';

  properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      description: 'A Model Studio API key. Keys are bound to the region they were created in.',
    },
    {
      displayName: 'Region',
      name: 'region',
      type: 'options',
      default: DASHSCOPE_DEFAULT_REGION,
      options: DASHSCOPE_REGION_OPTIONS,
      description: 'The region the key was created in: a key from another region is refused',
    },
    {
      displayName: 'Workspace ID',
      name: 'workspaceId',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'ws-abc123',
      displayOptions: { show: { region: DASHSCOPE_WORKSPACE_REGIONS } },
      description: "This region is served from your workspace's own address: the ID of the Model Studio workspace, from the console's workspace settings",
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
      displayOptions: { show: { region: ['custom'] } },
      description: 'OpenAI-compatible base URL, ending before /chat/completions',
    },
    ...ledgerProperties,
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
    },
  };

  test: ICredentialTestRequest = {
    request: { baseURL: dashscopeBaseUrlExpression(), url: '/models', method: 'GET' },
    rules: [
      { type: 'responseCode', properties: { value: 401, message: DASHSCOPE_REGION_MISMATCH_HINT } },
      {
        type: 'responseCode',
        properties: { value: 404, message: 'Nothing answers at this base URL: check the region or the custom base URL.' },
      },
    ],
  };
}
