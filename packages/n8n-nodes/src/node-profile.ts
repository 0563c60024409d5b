import { ENDPOINT_KIND, providerKind } from '@aegis-llm/core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { anyLlmSetup } from './config/anyllm-setup.js';
import { dashscopeSetup } from './config/dashscope-setup.js';
import type { ProviderSetup } from './config/provider-setup.js';
import type { SamplingParams } from './description/chat-option-fields.js';

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
  /** The sampling parameters the provider's kind accepts (the core's kind spec): the panels offer only these. */
  samplingParams: SamplingParams;
}

export const DASHSCOPE_PROFILE: NodeProfile = {
  credentialName: 'aegisDashScopeApi',
  label: 'DashScope',
  setup: dashscopeSetup,
  samplingParams: providerKind('dashscope').spec.samplingParams,
};

export const ANYLLM_PROFILE: NodeProfile = {
  credentialName: 'aegisAnyLlmApi',
  label: 'AnyLLM',
  setup: anyLlmSetup,
  // The credential's endpoint is `providers.anyllm` or an extra endpoint: the same kind.
  samplingParams: providerKind(ENDPOINT_KIND).spec.samplingParams,
};
