import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { anyLlmSetup } from './config/anyllm-setup.js';
import { dashscopeSetup } from './config/dashscope-setup.js';
import type { ProviderSetup } from './config/provider-setup.js';

/**
 * What differs between the DashScope and the AnyLLM nodes: the credential and
 * how it becomes a provider. Everything else is shared code.
 */
export interface NodeProfile {
  /** n8n credential type name. */
  credentialName: string;
  /** Shown in messages. */
  label: string;
  setup(data: ICredentialDataDecryptedObject): ProviderSetup;
}

export const DASHSCOPE_PROFILE: NodeProfile = {
  credentialName: 'aegisDashScopeApi',
  label: 'DashScope',
  setup: dashscopeSetup,
};

export const ANYLLM_PROFILE: NodeProfile = {
  credentialName: 'aegisAnyLlmApi',
  label: 'AnyLLM',
  setup: anyLlmSetup,
};
