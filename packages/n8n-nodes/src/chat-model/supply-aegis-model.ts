import { createRedactor } from '@aegis-llm/core';
import type { ISupplyDataFunctions, SupplyData } from 'n8n-workflow';
import { buildConfig } from '../config/build-config.js';
import { envHome, envStore } from '../config/env-home.js';
import { toNodeError } from '../errors/to-node-error.js';
import { openGateway } from '../gateway/open-gateway.js';
import type { NodeProfile } from '../node-profile.js';
import { buildChatRequest } from '../operations/build-chat-request.js';
import { workflowTags } from '../operations/workflow-tags.js';
import type { ChatOptions } from '../operations/chat-parameters.js';
import { AegisChatModel } from './aegis-chat-model.js';
import { aegisLangchainModel } from './aegis-langchain-adapter.js';

/**
 * The `supplyData` of both chat-model sub-nodes: a gateway for this run (its
 * ledger shared like the action nodes'), closed by n8n when the parent node
 * is done, and a chat model routed through it.
 */
export async function supplyAegisModel(ctx: ISupplyDataFunctions, profile: NodeProfile, itemIndex: number): Promise<SupplyData> {
  const credential = await ctx.getCredentials(profile.credentialName);
  let redact = createRedactor([credential.apiKey, credential.headers].filter((v): v is string => typeof v === 'string'));
  try {
    const setup = profile.setup(credential);
    redact = createRedactor(setup.secrets);
    const options = ctx.getNodeParameter('options', itemIndex, {}) as ChatOptions & { dataDir?: string };
    const model = String(ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '');
    const { prompt: _prompt, ...request } = buildChatRequest(
      { model, inputType: 'prompt', prompt: '', messages: [], options, binaryImages: [], contextTags: workflowTags(ctx) },
      setup,
    );
    const gateway = openGateway(
      buildConfig(setup, {
        dataDir: options.dataDir,
        envHome: envHome(),
        envStore: envStore(),
        credentialLabel: profile.label,
        warn: (m) => ctx.logger.warn(m),
      }),
      ctx.logger,
      profile.label,
    );
    const node = ctx.getNode();
    const chatModel = new AegisChatModel({
      gateway,
      providerId: setup.providerId,
      request,
      // A refused key says what to check in the credential's words (its Region), as the action nodes do.
      toError: (error) => toNodeError(node, error, itemIndex, redact, setup.authHint),
      redact,
    });
    return { response: aegisLangchainModel(ctx, chatModel, redact), closeFunction: () => gateway.close() };
  } catch (error) {
    throw toNodeError(ctx.getNode(), error, itemIndex, redact);
  }
}
